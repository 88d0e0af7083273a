// The bot's behaviour in one inbox, without code: greeting, lead capture, qualification questions whose
// answers become contact attributes, business hours, and when to hand the customer to a person.
// Whether the bot runs at all stays on the inbox form above ("Answer with the bot").
import { useEffect, useState } from 'react';
import { ApiError, fieldErrors } from '../../api/http';
import { useI18n } from '../../i18n/i18n';
import { Icon } from '../../ui/Icon';
import { useToast } from '../../ui/Toasts';
import { BOT_LOCALES, bot, type BotLocale, type BotSettings, type Day, type LocalizedText } from './kbApi';
import './kb.css';

const DAYS: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const LEAD_FIELDS = ['name', 'email', 'phone'] as const;
const commaList = (s: string) => s.split(',').map((l) => l.trim()).filter(Boolean);
const textIn = (v: LocalizedText | undefined, l: BotLocale) => (typeof v === 'string' ? v : v?.[l] ?? v?.en ?? '');

interface QualifyRow { attribute: string; question: string; options: string; original: LocalizedText }

export function BotSettingsForm({ inboxId }: { inboxId: string }) {
  const { t } = useI18n();
  const toast = useToast();
  const [s, setS] = useState<BotSettings | null>(null);
  const [greeting, setGreeting] = useState<Partial<Record<BotLocale, string>>>({});
  const [rows, setRows] = useState<QualifyRow[]>([]);
  const [keywords, setKeywords] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    bot.settings(inboxId).then(({ settings }) => {
      setS(settings);
      const g = settings.greeting;
      setGreeting(typeof g === 'string' ? { [settings.locale]: g } : { ...g });
      setRows(settings.qualification.map((q) => ({ attribute: q.attribute, question: textIn(q.question, settings.locale), options: (q.options ?? []).join(', '), original: q.question })));
      setKeywords(settings.handoff.keywords.join(', '));
    }).catch(() => setS(null));
  }, [inboxId]);

  if (!s) return null;
  const patch = (p: Partial<BotSettings>) => setS({ ...s, ...p });
  const hours = s.businessHours ?? { enabled: false, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, days: {} };
  // Edits the day's first opening range; further ranges set through the API are kept as they are.
  const setDay = (d: Day, open: boolean, range = hours.days[d]?.[0] ?? { open: '09:00', close: '17:00' }) => {
    const { [d]: _closed, ...others } = hours.days;
    patch({ businessHours: { ...hours, days: open ? { ...others, [d]: [range, ...(hours.days[d]?.slice(1) ?? [])] } : others } });
  };

  const save = async () => {
    setErrors({});
    const greetings = Object.fromEntries(Object.entries(greeting).filter(([, v]) => v?.trim()));
    const body: BotSettings = {
      ...s,
      greeting: Object.keys(greetings).length ? greetings : undefined,
      handoff: { ...s.handoff, keywords: commaList(keywords) },
      qualification: rows.map((r) => ({
        attribute: r.attribute.trim(),
        // An unchanged question keeps its other translations.
        question: r.question === textIn(r.original, s.locale) ? r.original : r.question,
        ...(r.options.trim() ? { options: commaList(r.options) } : {}),
      })),
    };
    try {
      const saved = await bot.saveSettings(inboxId, body);
      setS(saved.settings);
      toast(t('common.saved'));
    } catch (e) {
      setErrors(fieldErrors(e));
      toast(e instanceof ApiError ? e.message : t('common.saveFailed'), 'error');
    }
  };

  return (
    <form className="card admin-form" aria-label={t('bot.settings')} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h2>{t('bot.settings')}</h2>
      <label className="field">
        <span>{t('bot.locale')}</span>
        <select value={s.locale} onChange={(e) => patch({ locale: e.target.value as BotLocale })}>
          {BOT_LOCALES.map((l) => <option key={l} value={l}>{t(`bot.locale.${l}`)}</option>)}
        </select>
      </label>
      <label className="field">
        <span>{t('bot.maxUnanswered')}</span>
        <input type="number" min={1} max={20} value={s.handoff.maxUnanswered} onChange={(e) => patch({ handoff: { ...s.handoff, maxUnanswered: Number(e.target.value) } })} />
      </label>
      <label className="field">
        <span>{t('bot.answerThreshold')}</span>
        <input type="number" min={0} max={1} step={0.05} value={s.kb.answerThreshold} onChange={(e) => patch({ kb: { ...s.kb, answerThreshold: Number(e.target.value) } })} />
      </label>
      <label className="field">
        <span>{t('bot.keywords')}</span>
        <input value={keywords} onChange={(e) => setKeywords(e.target.value)} />
      </label>
      <label className="check-row">
        <input type="checkbox" checked={s.handoff.onNegativeFeedback} onChange={(e) => patch({ handoff: { ...s.handoff, onNegativeFeedback: e.target.checked } })} />
        {t('bot.onNegativeFeedback')}
      </label>

      <fieldset className="field-wide">
        <legend>{t('bot.greeting')}</legend>
        {BOT_LOCALES.map((l) => (
          <label key={l} className="field">
            <span>{t(`bot.locale.${l}`)}</span>
            <input dir="auto" value={greeting[l] ?? ''} onChange={(e) => setGreeting({ ...greeting, [l]: e.target.value })} />
          </label>
        ))}
      </fieldset>

      <fieldset className="field-wide">
        <legend>{t('bot.leadCapture')}</legend>
        <label className="check-row">
          <input type="checkbox" checked={s.leadCapture.enabled} onChange={(e) => patch({ leadCapture: { ...s.leadCapture, enabled: e.target.checked } })} />
          {t('bot.leadCaptureOn')}
        </label>
        {LEAD_FIELDS.map((f) => (
          <label key={f} className="check-row">
            <input type="checkbox" checked={s.leadCapture.fields.includes(f)}
              onChange={(e) => patch({ leadCapture: { ...s.leadCapture, fields: e.target.checked ? LEAD_FIELDS.filter((x) => x === f || s.leadCapture.fields.includes(x)) : s.leadCapture.fields.filter((x) => x !== f) } })} />
            {t(`bot.lead.${f}`)}
          </label>
        ))}
        <label className="field">
          <span>{t('bot.defaultCountry')}</span>
          <input value={s.leadCapture.defaultCountry ?? ''} maxLength={2} pattern="[A-Z]{2}" placeholder="TH"
            onChange={(e) => patch({ leadCapture: { ...s.leadCapture, defaultCountry: e.target.value.toUpperCase() || undefined } })} />
        </label>
      </fieldset>

      <fieldset className="field-wide">
        <legend>{t('bot.qualification')}</legend>
        <p className="muted small">{t('bot.qualificationHint')}</p>
        {rows.map((r, i) => {
          const set = (p: Partial<QualifyRow>) => setRows(rows.map((x, j) => (j === i ? { ...x, ...p } : x)));
          return (
            <div key={i} className="bot-qualify-row">
              <label className="field"><span>{t('bot.attribute')}</span><input required value={r.attribute} pattern="[a-zA-Z][\w\-]{0,39}" onChange={(e) => set({ attribute: e.target.value })} /></label>
              <label className="field"><span>{t('bot.question')}</span><input required dir="auto" value={r.question} onChange={(e) => set({ question: e.target.value })} /></label>
              <label className="field"><span>{t('bot.options')}</span><input dir="auto" value={r.options} onChange={(e) => set({ options: e.target.value })} /></label>
              <button type="button" className="btn btn-link btn-tiny danger" onClick={() => setRows(rows.filter((_, j) => j !== i))}>{t('common.remove')}</button>
            </div>
          );
        })}
        <button type="button" className="btn btn-secondary btn-small" disabled={rows.length >= 10}
          onClick={() => setRows([...rows, { attribute: '', question: '', options: '', original: '' }])}>
          <Icon name="plus" /> {t('bot.addQuestion')}
        </button>
      </fieldset>

      <fieldset className="field-wide">
        <legend>{t('bot.hours')}</legend>
        <label className="check-row">
          <input type="checkbox" checked={hours.enabled} onChange={(e) => patch({ businessHours: { ...hours, enabled: e.target.checked } })} />
          {t('bot.hoursOn')}
        </label>
        <label className="field">
          <span>{t('bot.timeZone')}</span>
          <input value={hours.timeZone} onChange={(e) => patch({ businessHours: { ...hours, timeZone: e.target.value } })} />
        </label>
        <div className="bot-days">
          {DAYS.map((d) => {
            const range = hours.days[d]?.[0];
            return (
              <div key={d} className="bot-day">
                <label className="check-row"><input type="checkbox" checked={!!range} onChange={(e) => setDay(d, e.target.checked)} />{t(`bot.day.${d}`)}</label>
                <input type="time" aria-label={`${t(`bot.day.${d}`)} ${t('bot.opens')}`} disabled={!range} value={range?.open ?? ''} onChange={(e) => range && setDay(d, true, { ...range, open: e.target.value })} />
                <input type="time" aria-label={`${t(`bot.day.${d}`)} ${t('bot.closes')}`} disabled={!range} value={range?.close ?? ''} onChange={(e) => range && setDay(d, true, { ...range, close: e.target.value })} />
              </div>
            );
          })}
        </div>
      </fieldset>

      {Object.keys(errors).length > 0 && (
        <ul className="notice notice-error kb-report" role="alert">
          {Object.entries(errors).map(([k, v]) => <li key={k}><strong>{k}</strong>: {v}</li>)}
        </ul>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary">{t('bot.save')}</button>
      </div>
    </form>
  );
}
