// Snooze until a preset or a chosen time. Opened on demand, so it loads on first use rather than with the inbox.
import { useId, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { DateInput } from '../ui/DateInput';
import { Modal } from '../ui/Modal';
import { snoozeUntil, toLocalInput, type SnoozePreset } from './snooze';

export function SnoozeDialog({ onSnooze, onClose }: { onSnooze: (until: Date) => void; onClose: () => void }) {
  const { t, locale } = useI18n();
  const [custom, setCustom] = useState(() => toLocalInput(snoozeUntil('tomorrow')));
  const id = useId();
  return (
    <Modal title={t('action.snoozeTitle')} onClose={onClose} closeLabel={t('common.close')}>
      <div className="snooze-options">
        {(['hour', 'tonight', 'tomorrow', 'nextWeek'] as SnoozePreset[]).map((p) => (
          <button key={p} type="button" className="btn btn-secondary" onClick={() => onSnooze(snoozeUntil(p))}>
            <span>{t(`snooze.${p}`)}</span>
            <small>{snoozeUntil(p).toLocaleString(locale, { weekday: 'short', hour: '2-digit', minute: '2-digit' })}</small>
          </button>
        ))}
      </div>
      <form
        className="snooze-custom"
        onSubmit={(e) => {
          e.preventDefault();
          const d = new Date(custom);
          if (!isNaN(d.getTime()) && d > new Date()) onSnooze(d);
        }}
      >
        <label htmlFor={id}>{t('snooze.custom')}</label>
        <DateInput id={id} type="datetime-local" value={custom} min={toLocalInput(new Date())} onValue={setCustom} data-testid="snooze-until" />
        <button type="submit" className="btn btn-primary">
          {t('action.snooze')}
        </button>
      </form>
    </Modal>
  );
}
