// "Send transcript": the customer-visible messages by e-mail, to the contact's address or one typed in.
import { useState, type FormEvent } from 'react';
import { conversations } from '../api/endpoints';
import { ApiError } from '../api/http';
import type { Conversation } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { Field } from '../ui/Field';
import { Modal } from '../ui/Modal';
import { useToast } from '../ui/Toasts';

export function TranscriptDialog({ conversation: c, onClose }: { conversation: Conversation; onClose: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [to, setTo] = useState(c.contact?.email ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const out = await conversations.sendTranscript(c.id, to.trim() || undefined);
      toast(t('transcript.sent', { email: out.to }));
      onClose();
    } catch (err) {
      const field = err instanceof ApiError ? err.fields?.to : undefined;
      setError(field ? t('transcript.needAddress') : err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={t('transcript.title')} onClose={onClose} closeLabel={t('common.close')}>
      <form onSubmit={submit} noValidate>
        <p className="muted">{t('transcript.help')}</p>
        <Field label={t('transcript.to')} error={error}>
          {(control) => <input {...control} type="email" value={to} onChange={(e) => setTo(e.target.value)} autoFocus data-testid="transcript-to" />}
        </Field>
        <div className="modal-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={busy}>{t('transcript.send')}</button>
        </div>
      </form>
    </Modal>
  );
}
