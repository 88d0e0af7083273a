/** @jsxImportSource preact */
// Every form in the messenger (pre-chat, offline, bot forms, e-mail prompt) shares one validated field set.
import { useState } from 'preact/hooks';
import type { FormField } from '../types.js';
import type { Messenger } from './store.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const PHONE = /^\+?[\d\s().-]{6,20}$/;
let seq = 0;

export function validate(fields: FormField[], values: Record<string, string>) {
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const v = (values[f.name] || '').trim();
    if (!v) {
      if (f.required) errors[f.name] = 'field.required';
    } else if (f.type === 'email' && !EMAIL.test(v)) errors[f.name] = 'field.invalidEmail';
    else if (f.type === 'tel' && !PHONE.test(v)) errors[f.name] = 'field.invalidPhone';
  }
  return errors;
}

interface FieldsFormProps {
  m: Messenger;
  fields: FormField[];
  submitLabel: string;
  onSubmit(values: Record<string, string>): Promise<unknown> | unknown;
  disabled?: boolean;
  compact?: boolean;
}

export function FieldsForm({ m, fields, submitLabel, onSubmit, disabled, compact }: FieldsFormProps) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [id] = useState(() => 'sbf' + ++seq);
  const submit = async (e: Event) => {
    e.preventDefault();
    const found = validate(fields, values);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      ((e.currentTarget as HTMLFormElement).elements.namedItem(first) as HTMLElement | null)?.focus();
      return;
    }
    setBusy(true);
    try {
      await onSubmit(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()])));
    } catch (err) {
      m.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class={'sb-form' + (compact ? ' sb-form-compact' : '')} onSubmit={submit} noValidate>
      {fields.map((f) => {
        const fid = id + '-' + f.name;
        const err = errors[f.name];
        const common = {
          id: fid,
          name: f.name,
          value: values[f.name] || '',
          disabled: disabled || busy,
          'aria-invalid': err ? true : undefined,
          'aria-describedby': err ? fid + '-err' : undefined,
          'aria-required': f.required ? true : undefined,
          onInput: (e: Event) => setValues({ ...values, [f.name]: (e.currentTarget as HTMLInputElement).value }),
        };
        return (
          <div class="sb-field" key={f.name}>
            <label for={fid}>
              {f.label}
              {!f.required && <span class="sb-optional"> ({m.t('optional')})</span>}
            </label>
            {f.type === 'textarea' ? (
              <textarea rows={3} {...common} />
            ) : f.type === 'select' ? (
              <select {...common}>
                <option value="" />
                {(f.options || []).map((o) => <option key={o} value={o}>{o}</option>)}
              </select>
            ) : (
              <input type={f.type} autoComplete={f.type === 'email' ? 'email' : f.type === 'tel' ? 'tel' : f.name === 'name' ? 'name' : 'off'} {...common} />
            )}
            {err && <div class="sb-error" id={fid + '-err'}>{m.t(err)}</div>}
          </div>
        );
      })}
      <button class="sb-primary" type="submit" disabled={disabled || busy}>{submitLabel}</button>
    </form>
  );
}

const CORE = ['name', 'email', 'phone'];

/** Splits form values into contact fields and custom attributes. */
export function toContact(values: Record<string, string>) {
  const attributes: Record<string, string> = {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (!v || k === 'message') continue;
    if (CORE.includes(k)) out[k] = v;
    else attributes[k] = v;
  }
  if (Object.keys(attributes).length) out.attributes = attributes;
  return out;
}

export function Prechat({ m }: { m: Messenger }) {
  const pre = m.state.settings.preChat!;
  const submit = async (values: Record<string, string>) => {
    const contact = toContact(values);
    await m.ensureSession({ name: values.name || undefined, email: values.email || undefined });
    if (contact.phone || contact.attributes) await m.updateContact(contact);
    m.update({ saved: { ...m.state.saved, prechatDone: true, email: values.email || m.state.saved.email } });
  };
  return (
    <section class="sb-card" aria-labelledby="sb-prechat-title">
      <h2 id="sb-prechat-title">{m.t('prechat.title')}</h2>
      <p>{pre.message || m.t('prechat.intro')}</p>
      <FieldsForm m={m} fields={pre.fields} submitLabel={m.t('prechat.submit')} onSubmit={submit} />
    </section>
  );
}

export function OfflineForm({ m }: { m: Messenger }) {
  const fields: FormField[] = [
    { name: 'name', label: m.t('field.name'), type: 'text' },
    { name: 'email', label: m.t('field.email'), type: 'email', required: true },
    { name: 'message', label: m.t('field.message'), type: 'textarea', required: true },
  ];
  const submit = async (v: Record<string, string>) => {
    await m.ensureSession({ name: v.name || undefined, email: v.email });
    m.update({ saved: { ...m.state.saved, email: v.email, prechatDone: true } });
    await m.send(v.message);
  };
  return (
    <section class="sb-card" aria-labelledby="sb-offline-title">
      <h2 id="sb-offline-title">{m.t('offline.title')}</h2>
      <p>{m.t('offline.intro')}</p>
      <FieldsForm m={m} fields={fields} submitLabel={m.t('offline.submit')} onSubmit={submit} />
    </section>
  );
}

export function AskEmail({ m }: { m: Messenger }) {
  const saved = m.state.saved;
  if (saved.emailPrompt === 'saved' && saved.email) {
    return <p class="sb-note" role="status">{m.t('askEmail.saved', { email: saved.email })}</p>;
  }
  return (
    <section class="sb-card sb-card-inline" aria-labelledby="sb-ask-title">
      <button class="sb-icon sb-dismiss" type="button" aria-label={m.t('dismiss')} onClick={() => m.update({ saved: { ...saved, emailPrompt: 'dismissed' } })}>×</button>
      <h2 id="sb-ask-title">{m.t('askEmail.title')}</h2>
      <p>{m.t('askEmail.intro')}</p>
      <FieldsForm
        m={m}
        compact
        fields={[{ name: 'email', label: m.t('field.email'), type: 'email', required: true }]}
        submitLabel={m.t('askEmail.submit')}
        onSubmit={async (v) => {
          await m.updateContact({ email: v.email });
          m.update({ saved: { ...m.state.saved, email: v.email, emailPrompt: 'saved' } });
        }}
      />
    </section>
  );
}

export function Csat({ m, conversationId }: { m: Messenger; conversationId: string }) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const done = m.state.saved.csat?.[conversationId] || m.state.conversations[conversationId]?.csatRating;
  if (done) return <p class="sb-note" role="status">{m.t('csat.thanks')}</p>;
  return (
    <section class="sb-card sb-csat" aria-labelledby="sb-csat-title">
      <h2 id="sb-csat-title">{m.t('csat.title')}</h2>
      <div class="sb-rating" role="radiogroup" aria-labelledby="sb-csat-title">
        {[1, 2, 3, 4, 5].map((n, i) => (
          <button key={i} type="button" role="radio" aria-checked={rating === i + 1} aria-label={m.t('csat.rating', { n: i + 1 })}
            class={rating === i + 1 ? 'sb-on' : ''} onClick={() => setRating(i + 1)}>
            <span aria-hidden="true">{n}</span>
          </button>
        ))}
      </div>
      {rating > 0 && (
        <form class="sb-form" onSubmit={(e) => { e.preventDefault(); m.submitCsat(conversationId, rating, comment.trim()).catch((err) => m.fail(err)); }}>
          <label class="sb-field">
            <span>{m.t('csat.comment')}</span>
            <textarea rows={2} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
          </label>
          <button class="sb-primary" type="submit">{m.t('csat.submit')}</button>
        </form>
      )}
    </section>
  );
}
