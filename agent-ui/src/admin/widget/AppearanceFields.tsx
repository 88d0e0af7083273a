// Look and words of the widget: colour, side of the page, team name, greeting, pictures, reply time,
// language, and whether visitors are asked to rate the help they got.
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { Field, Toggle } from '../../ui/Field';
import { Icon } from '../../ui/Icon';
import { DEFAULT_COLOR, textOrUnset, type WidgetSettings } from './draft';
import { errorAt, type Errors } from './errors';

const LANGUAGES: [string, string][] = [['en', 'English'], ['th', 'ไทย'], ['zh-CN', '简体中文'], ['fa', 'فارسی']];
const REPLY_TIMES = ['minutes', 'hours', 'day'] as const;
const MAX_AVATARS = 5;

export function AppearanceFields({ widget, set, errors }: { widget: WidgetSettings; set: (patch: Partial<WidgetSettings>) => void; errors: Errors }) {
  const { t } = useI18n();
  const color = widget.color ?? DEFAULT_COLOR;
  const avatars = widget.avatars ?? [];
  const setAvatars = (list: string[]) => set({ avatars: list.length ? list : undefined });
  return (
    <>
      <Field label={t('widgetDesigner.color')} help={t('widgetDesigner.colorHelp')} error={errorAt(errors, 'widget.color')}>
        {(p) => (
          <div className="wd-color">
            <input type="color" value={/^#[0-9a-f]{6}$/i.test(color) ? color : DEFAULT_COLOR} aria-label={t('widgetDesigner.colorPicker')}
              onChange={(e) => set({ color: e.target.value })} />
            <input {...p} className="wd-hex" value={color} maxLength={7} spellCheck={false} dir="ltr"
              onChange={(e) => set({ color: e.target.value.trim() || undefined })} />
          </div>
        )}
      </Field>
      <fieldset className="wd-fieldset">
        <legend className="field-label">{t('widgetDesigner.position')}</legend>
        <div className="wd-radios">
          {(['right', 'left'] as const).map((side) => (
            <label key={side} className="check-row">
              <input type="radio" name="wd-position" value={side} checked={(widget.position ?? 'right') === side} onChange={() => set({ position: side })} />
              {t(`widgetDesigner.position.${side}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <Field label={t('widgetDesigner.teamName')} help={t('widgetDesigner.teamNameHelp')} error={errorAt(errors, 'widget.teamName')}>
        {(p) => <input {...p} dir="auto" maxLength={100} value={widget.teamName ?? ''} onChange={(e) => set({ teamName: textOrUnset(e.target.value) })} />}
      </Field>
      <Field label={t('widgetDesigner.greeting')} help={t('widgetDesigner.greetingHelp')} error={errorAt(errors, 'widget.greeting')}>
        {(p) => <textarea {...p} dir="auto" rows={3} maxLength={500} value={widget.greeting ?? ''} onChange={(e) => set({ greeting: textOrUnset(e.target.value) })} />}
      </Field>
      <Field label={t('widgetDesigner.replyTime')} error={errorAt(errors, 'widget.replyTime')}>
        {(p) => (
          <select {...p} value={widget.replyTime ?? 'minutes'} onChange={(e) => set({ replyTime: e.target.value as WidgetSettings['replyTime'] })}>
            {REPLY_TIMES.map((r) => <option key={r} value={r}>{t(`widgetDesigner.replyTime.${r}` as MessageKey)}</option>)}
          </select>
        )}
      </Field>
      <Field label={t('widgetDesigner.language')} help={t('widgetDesigner.languageHelp')} error={errorAt(errors, 'widget.locale')}>
        {(p) => (
          <select {...p} value={widget.locale ?? ''} onChange={(e) => set({ locale: e.target.value || undefined })}>
            <option value="">{t('widgetDesigner.languageAuto')}</option>
            {LANGUAGES.map(([id, label]) => <option key={id} value={id} lang={id}>{label}</option>)}
          </select>
        )}
      </Field>
      <fieldset className="wd-fieldset">
        <legend className="field-label">{t('widgetDesigner.avatars')}</legend>
        <p className="field-help">{t('widgetDesigner.avatarsHelp')}</p>
        {avatars.map((url, i) => (
          <div key={i} className="wd-row">
            <Field label={t('widgetDesigner.avatarUrl', { n: i + 1 })} error={errorAt(errors, `widget.avatars.${i}`)}>
              {(p) => <input {...p} type="url" dir="ltr" value={url} placeholder="https://" onChange={(e) => setAvatars(avatars.map((a, j) => (j === i ? e.target.value : a)))} />}
            </Field>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setAvatars(avatars.filter((_, j) => j !== i))}
              aria-label={t('widgetDesigner.avatarRemove', { n: i + 1 })}>
              <Icon name="x" />
            </button>
          </div>
        ))}
        {avatars.length < MAX_AVATARS && (
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setAvatars([...avatars, ''])}>
            <Icon name="plus" /> {t('widgetDesigner.avatarAdd')}
          </button>
        )}
      </fieldset>
      <Toggle label={t('widgetDesigner.csat')} help={t('widgetDesigner.csatHelp')} checked={widget.csat !== false} onChange={(on) => set({ csat: on })} />
    </>
  );
}
