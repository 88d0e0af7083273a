// The value of a "conversation history" condition: which status, which label and how recent, each optional.
import type { ReactNode } from 'react';
import type { Translate } from '../../i18n/i18n';

interface History { status?: string; label?: string; withinDays?: number }
const STATUSES = ['open', 'pending', 'snoozed', 'resolved'] as const;

export function historyValue(t: Translate, labels: { value: string; label: string }[]) {
  return (value: unknown, onChange: (v: unknown) => void): ReactNode => {
    const h = (value ?? {}) as History;
    // Unset parts are left out, not sent as empty strings: the server reads a missing part as "any".
    const set = (patch: Partial<History>) => onChange(Object.fromEntries(Object.entries({ ...h, ...patch }).filter(([, v]) => v !== undefined && v !== '')));
    return (
      <>
        <select aria-label={t('crm.condition.conversationStatus')} value={h.status ?? ''} onChange={(e) => set({ status: e.target.value || undefined })}>
          <option value="">{t('crm.condition.anyStatus')}</option>
          {STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
        </select>
        <select aria-label={t('crm.condition.conversationLabel')} value={h.label ?? ''} onChange={(e) => set({ label: e.target.value || undefined })}>
          <option value="">{t('crm.condition.anyLabel')}</option>
          {labels.map((l) => <option key={l.value} value={l.value}>{l.label}</option>)}
        </select>
        <input aria-label={t('crm.condition.withinDays')} type="number" min={1} value={h.withinDays ?? ''}
          onChange={(e) => set({ withinDays: e.target.value ? Number(e.target.value) : undefined })} />
      </>
    );
  };
}
