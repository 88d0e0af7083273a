// Asks before anything destructive, and says what will happen in plain words before the button is pressed.
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { Modal } from './Modal';

export function ConfirmDialog({ title, children, confirmLabel, danger, onConfirm, onClose }: {
  title: string; children: ReactNode; confirmLabel: string; danger?: boolean;
  onConfirm: () => Promise<unknown> | void; onClose: () => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
      onClose();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <Modal title={title} onClose={onClose} closeLabel={t('common.close')}>
      <div className="confirm-body">{children}</div>
      {error && <p className="field-error" role="alert">{error}</p>}
      <div className="modal-actions">
        <button type="button" className="btn btn-secondary" onClick={onClose}>{t('common.cancel')}</button>
        <button type="button" className={danger ? 'btn btn-danger' : 'btn btn-primary'} disabled={busy} onClick={() => void confirm()}>{confirmLabel}</button>
      </div>
    </Modal>
  );
}
