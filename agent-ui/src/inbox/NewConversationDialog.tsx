// "New conversation": the agent writes first by e-mail or SMS, to a contact on file (searched by name, address or
// number) or to a new address. The message goes out through the inbox's normal outbound path and the new
// conversation opens.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import * as api from '../api/endpoints';
import { ApiError } from '../api/http';
import type { ContactSummary, Inbox } from '../api/types';
import { useDirectory } from '../app/directory';
import { navigate } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { Field } from '../ui/Field';
import { Modal } from '../ui/Modal';
import { EmptyState } from '../ui/States';
import './new-conversation.css';

const OUTBOUND_CHANNELS = new Set(['email', 'sms']);
const addressOf = (c: ContactSummary, inbox: Inbox | undefined) => (inbox?.channel === 'email' ? c.email : c.phone) ?? null;

export function NewConversationDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const dir = useDirectory();
  const inboxes = useMemo(() => dir.inboxes.filter((i) => OUTBOUND_CHANNELS.has(i.channel) && !i.archivedAt), [dir.inboxes]);
  const [inboxId, setInboxId] = useState(inboxes[0]?.id ?? '');
  const inbox = inboxes.find((i) => i.id === inboxId);
  const [to, setTo] = useState('');
  const [contact, setContact] = useState<ContactSummary | null>(null);
  const [matches, setMatches] = useState<ContactSummary[] | null>(null);
  const [name, setName] = useState('');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sending, setSending] = useState(false);

  // Contacts as the agent types (debounced); only those with an address on this inbox's channel can be picked.
  useEffect(() => {
    if (contact || to.trim().length < 2) return setMatches(null);
    const timer = setTimeout(() => {
      api.contacts.search(to.trim()).then((p) => setMatches(p.items.filter((c) => addressOf(c, inbox)))).catch(() => setMatches([]));
    }, 250);
    return () => clearTimeout(timer);
  }, [to, contact, inbox]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!contact && !to.trim()) found.address = t(inbox?.channel === 'sms' ? 'newConv.phoneRequired' : 'newConv.emailRequired');
    if (!body.trim()) found.body = t('newConv.bodyRequired');
    setErrors(found);
    if (Object.keys(found).length || !inbox) return;
    setSending(true);
    try {
      const { conversation } = await api.conversations.start({
        inboxId: inbox.id,
        ...(contact ? { contactId: contact.id } : { address: to.trim(), name: name.trim() || undefined }),
        ...(inbox.channel === 'email' && subject.trim() ? { subject: subject.trim() } : {}),
        body,
      });
      onClose();
      navigate(`/c/${conversation.id}`);
    } catch (err) {
      // The server names the field and says what is wrong in plain words (format, taken address ...).
      if (err instanceof ApiError && err.status === 400) setErrors({ [err.fields?.body ? 'body' : 'address']: err.message });
      else setErrors({ form: err instanceof ApiError ? err.message : t('newConv.failed') });
    } finally {
      setSending(false);
    }
  };

  return (
    <Modal title={t('newConv.title')} onClose={onClose} closeLabel={t('common.close')} wide>
      {!inboxes.length ? (
        <EmptyState icon="mail" title={t('newConv.noInboxes')}>{t('newConv.noInboxesHelp')}</EmptyState>
      ) : (
        <form className="new-conv" onSubmit={(e) => void submit(e)} noValidate>
          <Field label={t('newConv.inbox')}>
            {(p) => (
              <select {...p} value={inboxId} onChange={(e) => { setInboxId(e.target.value); setContact(null); }}>
                {inboxes.map((i) => <option key={i.id} value={i.id}>{i.name} · {t(`channel.${i.channel}`)}</option>)}
              </select>
            )}
          </Field>
          {contact ? (
            <div className="field">
              <span className="field-label">{t('newConv.to')}</span>
              <div className="new-conv-chosen">
                <span dir="auto"><strong>{contact.name ?? addressOf(contact, inbox)}</strong> <span className="muted">{addressOf(contact, inbox)}</span></span>
                <button type="button" className="btn btn-small btn-secondary" onClick={() => { setContact(null); setTo(''); }}>{t('newConv.change')}</button>
              </div>
            </div>
          ) : (
            <>
              <Field label={t('newConv.to')} help={t(inbox?.channel === 'sms' ? 'newConv.toHelpSms' : 'newConv.toHelpEmail')} error={errors.address}>
                {(p) => <input {...p} value={to} onChange={(e) => setTo(e.target.value)} autoComplete="off" dir="auto" type={inbox?.channel === 'sms' ? 'tel' : 'text'} />}
              </Field>
              {matches && matches.length > 0 && (
                <ul className="new-conv-matches" aria-label={t('newConv.matches')}>
                  {matches.slice(0, 6).map((c) => (
                    <li key={c.id}>
                      <button type="button" className="new-conv-match" onClick={() => { setContact(c); setMatches(null); setErrors({}); }}>
                        <strong dir="auto">{c.name ?? addressOf(c, inbox)}</strong> <span className="muted" dir="auto">{addressOf(c, inbox)}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              {matches && matches.length === 0 && <p className="field-help" role="status">{t('newConv.noMatch')}</p>}
              <Field label={t('newConv.name')} help={t('newConv.nameHelp')}>
                {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} dir="auto" />}
              </Field>
            </>
          )}
          {inbox?.channel === 'email' && (
            <Field label={t('newConv.subject')}>
              {(p) => <input {...p} value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={500} dir="auto" />}
            </Field>
          )}
          <Field label={t('newConv.body')} error={errors.body}>
            {(p) => <textarea {...p} rows={6} value={body} onChange={(e) => setBody(e.target.value)} dir="auto" />}
          </Field>
          {errors.form && <p className="notice notice-error" role="alert">{errors.form}</p>}
          <div className="modal-actions">
            <button type="button" className="btn btn-secondary" onClick={onClose}>{t('common.cancel')}</button>
            <button type="submit" className="btn btn-primary" disabled={sending}>{sending ? t('newConv.sending') : t('newConv.send')}</button>
          </div>
        </form>
      )}
    </Modal>
  );
}
