// Whether visitors may attach files, how large, and which kinds; the widget checks both before uploading.
import { useI18n } from '../../i18n/i18n';
import { Field, Toggle } from '../../ui/Field';
import { FILE_KINDS, kindOn, MAX_MB, MB, otherTypes, toggleKind, type WidgetSettings } from './draft';
import { errorAt, type Errors } from './errors';

type Attachments = NonNullable<WidgetSettings['attachments']>;

export function AttachmentFields({ attachments, set, errors }: { attachments: Attachments; set: (a: Attachments) => void; errors: Errors }) {
  const { t } = useI18n();
  const mb = Math.round((attachments.maxBytes / MB) * 10) / 10;
  const sizeError = mb > MAX_MB ? t('widgetDesigner.files.tooBig', { max: MAX_MB }) : mb <= 0 ? t('widgetDesigner.files.tooSmall') : errorAt(errors, 'widget.attachments.maxBytes');
  const others = otherTypes(attachments.types);
  return (
    <>
      <Toggle label={t('widgetDesigner.files.enabled')} help={t('widgetDesigner.files.help')} checked={attachments.enabled} onChange={(on) => set({ ...attachments, enabled: on })} />
      {attachments.enabled && (
        <>
          <Field label={t('widgetDesigner.files.maxSize')} help={t('widgetDesigner.files.maxSizeHelp', { max: MAX_MB })} error={sizeError}>
            {(p) => (
              <input {...p} type="number" inputMode="decimal" min={0.1} max={MAX_MB} step={0.5} value={Number.isFinite(mb) ? mb : ''}
                onChange={(e) => set({ ...attachments, maxBytes: Math.round(Number(e.target.value) * MB) })} />
            )}
          </Field>
          <fieldset className="wd-fieldset">
            <legend className="field-label">{t('widgetDesigner.files.kinds')}</legend>
            <div className="wd-checks">
              {FILE_KINDS.map((k) => (
                <label key={k.id} className="check-row">
                  <input type="checkbox" checked={kindOn(attachments.types, k.id)} onChange={(e) => set({ ...attachments, types: toggleKind(attachments.types, k.id, e.target.checked) })} />
                  {t(`widgetDesigner.files.kind.${k.id}`)}
                </label>
              ))}
            </div>
            {others.length > 0 && <p className="field-help">{t('widgetDesigner.files.others', { types: others.join(', ') })}</p>}
            {attachments.types.length === 0 && <p className="field-error">{t('widgetDesigner.files.none')}</p>}
            {errorAt(errors, 'widget.attachments.types') && <p className="field-error">{errorAt(errors, 'widget.attachments.types')}</p>}
          </fieldset>
        </>
      )}
    </>
  );
}
