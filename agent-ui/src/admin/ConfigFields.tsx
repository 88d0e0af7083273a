import type { ConfigField } from './channelFields';
import { useI18n } from '../i18n/i18n';

export function ConfigFields({ fields, values, onChange, editing, errors }: {
  fields: ConfigField[];
  values: Record<string, string | boolean>;
  onChange: (v: Record<string, string | boolean>) => void;
  editing: boolean;
  errors: Record<string, string>;
}) {
  const { t } = useI18n();
  // A group such as IMAP is optional as a whole; once the admin starts filling it in, its parts are required.
  const groupInUse = (group: string) => fields.some((o) => o.type !== 'checkbox' && o.path.startsWith(`${group}.`) && String(values[o.path] ?? '') !== '');
  const isRequired = (f: ConfigField) => (f.required || (f.requiredInGroup === true && groupInUse(f.path.split('.')[0]))) && !(editing && f.secret);
  return (
    <>
      {fields.map((f) =>
        f.type === 'checkbox' ? (
          <label key={f.path} className="check-row">
            <input type="checkbox" checked={values[f.path] === true} onChange={(e) => onChange({ ...values, [f.path]: e.target.checked })} />
            {t(f.label)}
          </label>
        ) : (
          <label key={f.path} className="field">
            <span>
              {t(f.label)}
              {isRequired(f) ? ' *' : ''}
            </span>
            <input
              type={f.type ?? 'text'}
              autoComplete={f.secret ? 'new-password' : 'off'}
              required={isRequired(f)}
              aria-invalid={errors[f.path] ? true : undefined}
              placeholder={editing && f.secret ? t('inboxForm.secretUnchanged') : undefined}
              value={String(values[f.path] ?? '')}
              onChange={(e) => onChange({ ...values, [f.path]: e.target.value })}
            />
            {errors[f.path] && <small className="field-error">{errors[f.path]}</small>}
          </label>
        ),
      )}
    </>
  );
}
