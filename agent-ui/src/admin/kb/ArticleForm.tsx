// Create or edit one article: the answer (title + body), its language, the ways people ask for it, and tags.
import { useState } from 'react';
import { ApiError, fieldErrors } from '../../api/http';
import { useI18n } from '../../i18n/i18n';
import { Icon } from '../../ui/Icon';
import { useToast } from '../../ui/Toasts';
import { ARTICLE_LOCALES, kb, type Article, type ArticleInput } from './kbApi';

/** One question per line; tags separated by commas. */
const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);
const commaList = (s: string) => s.split(',').map((l) => l.trim()).filter(Boolean);

interface Draft { title: string; body: string; locale: string; questions: string; tags: string }
const blank: Draft = { title: '', body: '', locale: 'en', questions: '', tags: '' };
const toDraft = (a: Article): Draft => ({ title: a.title, body: a.body, locale: a.locale, questions: a.questions.join('\n'), tags: a.tags.join(', ') });

export function ArticleForm({ editing, onSaved, onCancel }: { editing: Article | null; onSaved: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [draft, setDraft] = useState<Draft>(() => (editing ? toDraft(editing) : blank));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });

  const save = async () => {
    setErrors({});
    const input: ArticleInput = { title: draft.title, body: draft.body, locale: draft.locale, questions: lines(draft.questions), tags: commaList(draft.tags) };
    try {
      if (editing) await kb.update(editing.id, input);
      else await kb.create(input);
      setDraft(blank);
      toast(t('common.saved'));
      onSaved();
    } catch (e) {
      setErrors(fieldErrors(e));
      toast(e instanceof ApiError ? e.message : t('common.saveFailed'), 'error');
    }
  };

  const error = (k: string) => Object.entries(errors).find(([f]) => f === k || f.startsWith(`${k}.`))?.[1];
  return (
    <form className="card admin-form" aria-label={editing ? t('kb.editArticle') : t('kb.newArticle')} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h2>{editing ? t('kb.editArticle') : t('kb.newArticle')}</h2>
      <label className="field">
        <span>{t('kb.articleTitle')} *</span>
        <input required maxLength={300} value={draft.title} onChange={set('title')} />
        {error('title') && <small className="field-error">{error('title')}</small>}
      </label>
      <label className="field">
        <span>{t('kb.locale')}</span>
        <select value={draft.locale} onChange={set('locale')}>
          {ARTICLE_LOCALES.map((l) => <option key={l} value={l}>{t(`kb.locale.${l}`)}</option>)}
          {!ARTICLE_LOCALES.includes(draft.locale as never) && <option value={draft.locale}>{draft.locale}</option>}
        </select>
      </label>
      <label className="field field-wide">
        <span>{t('kb.body')} *</span>
        <textarea required rows={5} value={draft.body} onChange={set('body')} />
        {error('body') && <small className="field-error">{error('body')}</small>}
      </label>
      <label className="field field-wide">
        <span>{t('kb.questions')}</span>
        <textarea rows={3} value={draft.questions} onChange={set('questions')} aria-describedby="kb-questions-hint" />
        <small id="kb-questions-hint" className="muted">{t('kb.questionsHint')}</small>
        {error('questions') && <small className="field-error">{error('questions')}</small>}
      </label>
      <label className="field field-wide">
        <span>{t('kb.tags')}</span>
        <input value={draft.tags} onChange={set('tags')} aria-describedby="kb-tags-hint" />
        <small id="kb-tags-hint" className="muted">{t('kb.tagsHint')}</small>
      </label>
      <div className="form-actions">
        {editing && <button type="button" className="btn btn-ghost" onClick={() => { setDraft(blank); onCancel(); }}>{t('common.cancel')}</button>}
        <button type="submit" className="btn btn-primary">
          {editing ? t('common.save') : <><Icon name="plus" /> {t('kb.addArticle')}</>}
        </button>
      </div>
    </form>
  );
}
