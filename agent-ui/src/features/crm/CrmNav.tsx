// The rail entry for the sales screens. It also listens for task reminders (server event "task.reminder" on
// /agent, sent to this agent's room) so a due follow-up pops up whatever screen is open.
import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import { getToken } from '../../api/http';
import { navigate } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { Icon } from '../../ui/Icon';
import { useToast } from '../../ui/Toasts';
import type { Task } from './api';

export function CrmNav({ active }: { active: boolean }) {
  const { t } = useI18n();
  const toast = useToast();
  const [due, setDue] = useState(0);
  useEffect(() => {
    const socket = io('/agent', { auth: { token: getToken() ?? undefined }, transports: ['websocket', 'polling'] });
    socket.on('task.reminder', ({ task }: { task: Task }) => {
      setDue((n) => n + 1);
      toast(t('crm.reminder.due', { title: task.title }), 'info');
    });
    return () => { socket.disconnect(); };
  }, [toast, t]);
  const label = due ? t('nav.salesReminders', { count: due }) : t('nav.sales');
  return (
    <a href="/crm/dashboard" className={active ? 'rail-btn active' : 'rail-btn'} aria-current={active ? 'page' : undefined} title={t('nav.sales')}
      onClick={(e) => { e.preventDefault(); setDue(0); navigate(due ? '/crm/tasks' : '/crm/dashboard'); }}>
      <Icon name="sales" size={20} />
      <span className="sr-only">{label}</span>
      {due > 0 && <span className="rail-badge" aria-hidden="true">{due}</span>}
    </a>
  );
}
