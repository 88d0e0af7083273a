// The form a visitor fills in before the first message: on or off, an intro line, and its fields.
import { useI18n } from '../../i18n/i18n';
import { Field, Toggle } from '../../ui/Field';
import { Icon } from '../../ui/Icon';
import { FIELD_TYPES, textOrUnset, type FieldType, type PreChatField, type WidgetSettings } from './draft';
import { errorAt, type Errors } from './errors';

const MAX_FIELDS = 10;
type PreChat = NonNullable<WidgetSettings['preChat']>;

/** A key the server accepts, from the label where possible ("Order number" → orderNumber). */
function keyFor(label: string, taken: string[]): string {
  const words = label.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().split(/\s+/).filter(Boolean);
  let key = words.map((w, i) => (i ? w[0].toUpperCase() + w.slice(1) : w.toLowerCase())).join('').replace(/^[^a-zA-Z]+/, '').slice(0, 40);
  if (!key) key = 'field';
  let n = 1;
  let candidate = key;
  while (taken.includes(candidate)) candidate = `${key}${++n}`;
  return candidate;
}

export function PreChatFields({ preChat, set, errors }: { preChat: PreChat | undefined; set: (p: PreChat | undefined) => void; errors: Errors }) {
  const { t } = useI18n();
  const form: PreChat = preChat ?? { enabled: false, fields: [] };
  const setField = (i: number, patch: Partial<PreChatField>) => set({ ...form, fields: form.fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) });
  const add = () => {
    const label = t('widgetDesigner.prechat.newField', { n: form.fields.length + 1 });
    set({ ...form, fields: [...form.fields, { name: keyFor(label, form.fields.map((f) => f.name)), label, type: 'text', required: false }] });
  };
  return (
    <>
      <Toggle label={t('widgetDesigner.prechat.enabled')} help={t('widgetDesigner.prechat.help')} checked={form.enabled} onChange={(on) => set({ ...form, enabled: on })} />
      {form.enabled && (
        <>
          <Field label={t('widgetDesigner.prechat.message')} error={errorAt(errors, 'widget.preChat.message')}>
            {(p) => <textarea {...p} dir="auto" rows={2} maxLength={500} value={form.message ?? ''} onChange={(e) => set({ ...form, message: textOrUnset(e.target.value) })} />}
          </Field>
          {form.fields.length === 0 && <p className="field-help">{t('widgetDesigner.prechat.noFields')}</p>}
          <ol className="wd-list">
            {form.fields.map((f, i) => (
              <li key={i} className="wd-item">
                <Field label={t('widgetDesigner.prechat.label')} error={errorAt(errors, `widget.preChat.fields.${i}.label`)}>
                  {(p) => <input {...p} dir="auto" maxLength={100} value={f.label} onChange={(e) => setField(i, { label: e.target.value })} />}
                </Field>
                <Field label={t('widgetDesigner.prechat.key')} help={t('widgetDesigner.prechat.keyHelp')} error={errorAt(errors, `widget.preChat.fields.${i}.name`)}>
                  {(p) => <input {...p} dir="ltr" maxLength={40} spellCheck={false} value={f.name} onChange={(e) => setField(i, { name: e.target.value.trim() })} />}
                </Field>
                <Field label={t('widgetDesigner.prechat.type')} error={errorAt(errors, `widget.preChat.fields.${i}.type`)}>
                  {(p) => (
                    <select {...p} value={f.type ?? 'text'} onChange={(e) => setField(i, { type: e.target.value as FieldType })}>
                      {FIELD_TYPES.map((ft) => <option key={ft} value={ft}>{t(`widgetDesigner.prechat.type.${ft}`)}</option>)}
                    </select>
                  )}
                </Field>
                {f.type === 'select' && (
                  <Field label={t('widgetDesigner.prechat.options')} help={t('widgetDesigner.prechat.optionsHelp')} error={errorAt(errors, `widget.preChat.fields.${i}.options`)}>
                    {(p) => (
                      <input {...p} dir="auto" value={(f.options ?? []).join(', ')}
                        onChange={(e) => setField(i, { options: e.target.value.split(',').map((o) => o.trim()).filter(Boolean) })} />
                    )}
                  </Field>
                )}
                <div className="wd-item-foot">
                  <label className="check-row">
                    <input type="checkbox" checked={!!f.required} onChange={(e) => setField(i, { required: e.target.checked })} />
                    {t('widgetDesigner.prechat.required')}
                  </label>
                  <button type="button" className="btn btn-link danger btn-small" onClick={() => set({ ...form, fields: form.fields.filter((_, j) => j !== i) })}
                    aria-label={t('widgetDesigner.prechat.remove', { name: f.label || f.name })}>
                    {t('common.remove')}
                  </button>
                </div>
              </li>
            ))}
          </ol>
          {form.fields.length < MAX_FIELDS && (
            <button type="button" className="btn btn-secondary btn-small wd-add" onClick={add}>
              <Icon name="plus" /> {t('widgetDesigner.prechat.add')}
            </button>
          )}
        </>
      )}
    </>
  );
}
