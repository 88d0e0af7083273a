// The rail entry for the sales screens. It also listens for task reminders (server event "task.reminder" on
// /agent, sent to this agent's room) so a due follow-up pops up whatever screen is open.
import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import { getToken } from '../../api/http';
import { navigate, useLocation } from '../../app/router';
import { useToast } from '../../ui/Toasts';
import type { Task } from './api';

export function CrmNav() {
  const { path } = useLocation();
  const toast = useToast();
  const [due, setDue] = useState(0);
  useEffect(() => {
    const socket = io('/agent', { auth: { token: getToken() ?? undefined }, transports: ['websocket', 'polling'] });
    socket.on('task.reminder', ({ task }: { task: Task }) => {
      setDue((n) => n + 1);
      toast(`Follow-up due: ${task.title}`, 'info');
    });
    return () => { socket.disconnect(); };
  }, [toast]);
  const active = path.startsWith('/crm');
  return (
    <a href="/crm/dashboard" className={active ? 'rail-btn active' : 'rail-btn'} aria-current={active ? 'page' : undefined} title="Sales"
      onClick={(e) => { e.preventDefault(); setDue(0); navigate(due ? '/crm/tasks' : '/crm/dashboard'); }}>
      <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true"><path d="M4 20V10M10 20V4M16 20v-7M22 20H2" /></svg>
      <span className="sr-only">Sales{due ? ` (${due} reminders)` : ''}</span>
      {due > 0 && <span className="rail-badge" aria-hidden="true">{due}</span>}
    </a>
  );
}
