// Synonyms: words and phrases customers use for the same thing, one group per line ("parcel, package,
// shipment"). The bot reads them on its next question. The built-in groups are listed for reference.
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/http';
import { useI18n } from '../../i18n/i18n';
import { useToast } from '../../ui/Toasts';
import { kb, type SynonymGroup } from './kbApi';

const parse = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

export function SynonymsPanel() {
  const { t } = useI18n();
  const toast = useToast();
  const [groups, setGroups] = useState<SynonymGroup[] | null>(null);
  const [builtIn, setBuiltIn] = useState<string[][]>([]);
  const [failed, setFailed] = useState(false);
  const [draft, setDraft] = useState('');
  const [editing, setEditing] = useState<{ id: string; text: string } | null>(null);

  const load = () => kb.synonyms().then((r) => { setGroups(r.items); setBuiltIn(r.builtIn); setFailed(false); }).catch(() => setFailed(true));
  useEffect(() => { void load(); }, []);

  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      await load();
      return true;
    } catch (e) {
      toast(e instanceof ApiError ? String(Object.values(e.fields ?? {})[0] ?? e.message) : t('common.saveFailed'), 'error');
      return false;
    }
  };

  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    if (await run(() => kb.createSynonym(parse(draft)))) setDraft('');
  };

  return (
    <section className="card kb-panel" aria-labelledby="kb-synonyms-title">
      <h2 id="kb-synonyms-title">{t('kb.synonyms')}</h2>
      <p className="muted small">{t('kb.synonyms.intro')}</p>
      <form className="kb-try-row" onSubmit={(e) => void add(e)}>
        <label className="field kb-grow">
          <span>{t('kb.synonyms.new')}</span>
          <input value={draft} onChange={(e) => setDraft(e.target.value)} placeholder={t('kb.synonyms.placeholder')} />
        </label>
        <button type="submit" className="btn btn-primary" disabled={parse(draft).length < 2}>{t('kb.synonyms.add')}</button>
      </form>
      {failed && <p className="muted small" role="alert">{t('kb.synonyms.unavailable')}</p>}
      {groups === null && !failed && <p className="muted small">{t('common.loading')}</p>}
      {groups?.length === 0 && <p className="muted small">{t('kb.synonyms.empty')}</p>}
      {groups && groups.length > 0 && (
        <ul className="admin-list" aria-label={t('kb.synonyms')}>
          {groups.map((g) => (
            <li key={g.id}>
              {editing?.id === g.id ? (
                <form className="kb-try-row kb-grow" onSubmit={(e) => { e.preventDefault(); void run(() => kb.updateSynonym(g.id, parse(editing.text))).then((ok) => ok && setEditing(null)); }}>
                  <label className="field kb-grow">
                    <span className="sr-only">{t('kb.synonyms.edit')}</span>
                    <input autoFocus value={editing.text} onChange={(e) => setEditing({ id: g.id, text: e.target.value })}
                      onKeyDown={(e) => { if (e.key === 'Escape') setEditing(null); }} />
                  </label>
                  <button type="submit" className="btn btn-primary btn-small">{t('common.save')}</button>
                </form>
              ) : (
                <>
                  <span className="admin-list-main">{g.terms.join(', ')}</span>
                  <button type="button" className="btn btn-link btn-tiny" onClick={() => setEditing({ id: g.id, text: g.terms.join(', ') })}>{t('common.edit')}</button>
                  <button type="button" className="btn btn-link btn-tiny danger" aria-label={`${t('common.delete')}: ${g.terms.join(', ')}`}
                    onClick={() => void run(() => kb.removeSynonym(g.id))}>{t('common.delete')}</button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {builtIn.length > 0 && (
        <details>
          <summary className="small">{t('kb.synonyms.builtIn', { count: builtIn.length })}</summary>
          <ul className="kb-gaps small muted">{builtIn.map((g) => <li key={g.join('|')}>{g.join(', ')}</li>)}</ul>
        </details>
      )}
    </section>
  );
}
