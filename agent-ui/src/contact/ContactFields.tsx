// Editable name / e-mail / phone and free-form custom attributes; saving sends only what changed.
import { useEffect, useState } from 'react';
import { contacts } from '../api/endpoints';
import { ApiError } from '../api/http';
import type { Contact } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { Icon } from '../ui/Icon';
import { useToast } from '../ui/Toasts';
import { contactPatch, editableAttributes } from './contactEdit';

export function ContactFields({ contact, onSaved }: { contact: Contact; onSaved: (c: Contact) => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState({ name: '', email: '', phone: '' });
  const [attrs, setAttrs] = useState<[string, string][]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    setForm({ name: contact.name ?? '', email: contact.email ?? '', phone: contact.phone ?? '' });
    setAttrs(editableAttributes(contact));
    setEditing(false);
    setErrors({});
  }, [contact]);

  const save = async () => {
    const patch = contactPatch(contact, { ...form, attributes: attrs });
    if (Object.keys(patch).length === 0) {
      setEditing(false);
      return;
    }
    try {
      const updated = await contacts.update(contact.id, patch);
      onSaved({ ...contact, ...updated });
      setEditing(false);
      toast(t('contact.saved'));
    } catch (e) {
      if (e instanceof ApiError && e.fields) setErrors(Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k, String(v)])));
      else toast(t('contact.saveFailed'), 'error');
    }
  };

  if (!editing)
    return (
      <div className="side-section">
        <div className="side-section-head">
          <h3>{t('contact.details')}</h3>
          <button type="button" className="btn btn-link btn-tiny" onClick={() => setEditing(true)}>
            {t('common.edit')}
          </button>
        </div>
        <dl className="kv">
          <dt>{t('contact.email')}</dt>
          <dd>{contact.email || <span className="muted">—</span>}</dd>
          <dt>{t('contact.phone')}</dt>
          <dd>{contact.phone || <span className="muted">—</span>}</dd>
          {attrs.map(([k, v]) => (
            <FragmentRow key={k} k={k} v={v} />
          ))}
        </dl>
      </div>
    );

  return (
    <form
      className="side-section contact-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>{t('contact.details')}</h3>
      {(['name', 'email', 'phone'] as const).map((f) => (
        <label key={f} className="field">
          <span>{t(`contact.${f}`)}</span>
          <input value={form[f]} onChange={(e) => setForm({ ...form, [f]: e.target.value })} aria-invalid={!!errors[f]} type={f === 'email' ? 'email' : 'text'} />
          {errors[f] && <small className="field-error">{errors[f]}</small>}
        </label>
      ))}
      <fieldset className="attr-edit">
        <legend>{t('contact.attributes')}</legend>
        {attrs.map(([k, v], i) => (
          <div key={i} className="attr-row">
            <input aria-label={t('contact.attrKey')} value={k} onChange={(e) => setAttrs(attrs.map((a, j) => (j === i ? [e.target.value, a[1]] : a)))} />
            <input aria-label={t('contact.attrValue')} value={v} onChange={(e) => setAttrs(attrs.map((a, j) => (j === i ? [a[0], e.target.value] : a)))} />
            <button type="button" className="btn btn-icon btn-tiny" aria-label={t('common.remove')} onClick={() => setAttrs(attrs.filter((_, j) => j !== i))}>
              <Icon name="x" size={12} />
            </button>
          </div>
        ))}
        <button type="button" className="btn btn-link btn-tiny" onClick={() => setAttrs([...attrs, ['', '']])}>
          <Icon name="plus" size={12} /> {t('contact.addAttribute')}
        </button>
      </fieldset>
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={() => setEditing(false)}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary">
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}

function FragmentRow({ k, v }: { k: string; v: string }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{v}</dd>
    </>
  );
}
