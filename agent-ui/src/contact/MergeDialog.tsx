// Merge a duplicate into this contact: the other record's identities and
// conversations move here and the duplicate disappears. Irreversible, so the
// agent sees exactly what moves before confirming.
import { useEffect, useState } from 'react';
import { contacts } from '../api/endpoints';
import { ApiError } from '../api/http';
import type { Contact } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { Avatar } from '../ui/Avatar';
import { Modal } from '../ui/Modal';
import { useToast } from '../ui/Toasts';
import { contactDisplayName } from './displayName';

export function MergeDialog({ contact, onClose, onMerged }: { contact: Contact; onClose: () => void; onMerged: (c: Contact) => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Contact[]>([]);
  const [picked, setPicked] = useState<Contact | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (q.trim().length < 2) {
      setResults([]);
      return;
    }
    const timer = setTimeout(() => {
      contacts
        .search(q.trim())
        .then((p) => setResults(p.items.filter((c) => c.id !== contact.id)))
        .catch(() => setResults([]));
    }, 250);
    return () => clearTimeout(timer);
  }, [q, contact.id]);

  const merge = async () => {
    if (!picked) return;
    setBusy(true);
    try {
      const merged = await contacts.merge(contact.id, picked.id);
      toast(t('merge.done'));
      onMerged(merged);
    } catch (e) {
      toast(e instanceof ApiError ? e.message : t('merge.failed'), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={t('merge.title')} onClose={onClose} closeLabel={t('common.close')}>
      <p className="muted">{contact.name || contact.email || contact.phone ? t('merge.explain', { name: contactDisplayName(t, contact) }) : t('merge.explainUnnamed')}</p>
      <label className="field">
        <span>{t('merge.search')}</span>
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} autoFocus />
      </label>
      <ul className="merge-results" aria-label={t('merge.results')}>
        {results.map((c) => (
          <li key={c.id}>
            <button type="button" aria-pressed={picked?.id === c.id} className={picked?.id === c.id ? 'merge-pick active' : 'merge-pick'} onClick={() => setPicked(c)}>
              <Avatar name={c.name || c.email} id={c.id} size={24} />
              <span>
                <strong dir="auto">{contactDisplayName(t, c)}</strong>
                <small dir="auto">{[c.email, c.phone].filter(Boolean).join(' · ')}</small>
              </span>
            </button>
          </li>
        ))}
        {q.trim().length >= 2 && results.length === 0 && <li className="muted small">{t('merge.noResults')}</li>}
      </ul>
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-danger" disabled={!picked || busy} onClick={merge}>
          {picked ? t('merge.confirm', { name: contactDisplayName(t, picked) }) : t('merge.title')}
        </button>
      </div>
    </Modal>
  );
}
