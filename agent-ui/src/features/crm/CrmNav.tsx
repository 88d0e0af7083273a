// The rail entry for the sales screens. It also shows task reminders (server event "task.reminder", sent to this
// agent's room on the shared /agent connection) so a due follow-up pops up whatever screen is open.
import { useEffect, useState } from 'react';
import { navigate } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { realtime } from '../../realtime/socket';
import { Icon } from '../../ui/Icon';
import { useToast } from '../../ui/Toasts';

export function CrmNav({ active }: { active: boolean }) {
  const { t } = useI18n();
  const toast = useToast();
  const [due, setDue] = useState(0);
  useEffect(() => realtime.on('task.reminder', ({ task }) => {
    setDue((n) => n + 1);
    toast(t('crm.reminder.due', { title: task.title }), 'info');
  }), [toast, t]);
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
