// One inbox's settings: name, channel config, bot, widget snippet / webhook
// URLs, and members (who can see its conversations).
import { useEffect, useState } from 'react';
import * as api from '../api/endpoints';
import { ApiError, fieldErrors } from '../api/http';
import type { Inbox } from '../api/types';
import { useDirectory } from '../app/directory';
import { navigate } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { Icon } from '../ui/Icon';
import { useToast } from '../ui/Toasts';
import { buildConfig, CHANNEL_FIELDS, flattenConfig, webhookUrls, widgetSnippet } from './channelFields';
import { ConfigFields } from './ConfigFields';

function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useI18n();
  const toast = useToast();
  return (
    <div className="copy-field">
      <span className="copy-label">{label}</span>
      <div className="copy-row">
        {/* Long values scroll sideways: keyboard users need to reach them too. */}
        <code tabIndex={0}>{value}</code>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(
              () => toast(t('common.copied')),
              () => toast(t('common.copyFailed'), 'error'),
            );
          }}
        >
          <Icon name="copy" /> {t('common.copy')}
        </button>
      </div>
    </div>
  );
}

export function InboxDetail({ inbox }: { inbox: Inbox }) {
  const { t } = useI18n();
  const dir = useDirectory();
  const toast = useToast();
  const fields = CHANNEL_FIELDS[inbox.channel] ?? [];
  const [name, setName] = useState(inbox.name);
  const [values, setValues] = useState(() => flattenConfig(fields, inbox.config));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [bot, setBot] = useState(!!inbox.botEnabled);
  const [members, setMembers] = useState<string[] | null>(null);
  const origin = window.location.origin;

  useEffect(() => {
    api.inboxes.get(inbox.id).then((r) => setMembers(r.memberIds ?? [])).catch(() => setMembers(null));
  }, [inbox.id]);

  const save = async () => {
    setErrors({});
    try {
      const config = buildConfig(fields, values);
      await api.inboxes.update(inbox.id, { name, ...(fields.length ? { config } : {}), bot: { enabled: bot } });
      if (members) await api.inboxes.setMembers(inbox.id, members);
      await dir.reload();
      toast(t('common.saved'));
    } catch (e) {
      setErrors(fieldErrors(e));
      toast(e instanceof ApiError ? e.message : t('common.saveFailed'), 'error');
    }
  };

  return (
    <form className="card admin-form inbox-detail" aria-label={inbox.name} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h2>{inbox.name}</h2>
      {inbox.channel === 'web' && inbox.widgetKey && (
        <div className="field-wide">
          <CopyField label={t('inboxForm.snippet')} value={inbox.widgetSnippet ?? widgetSnippet(origin, inbox.widgetKey)} />
          <p className="muted small">{t('inboxForm.snippetHint')}</p>
        </div>
      )}
      {inbox.channel === 'web' && (
        <div className="field-wide inbox-designer-link">
          <a href={`/admin/widget?inbox=${inbox.id}`} className="btn btn-secondary"
            onClick={(e) => { e.preventDefault(); navigate(`/admin/widget?inbox=${inbox.id}`); }}>
            <Icon name="chat" /> {t('widgetDesigner.open')}
          </a>
          <p className="muted small">{t('widgetDesigner.openHint')}</p>
        </div>
      )}
      {webhookUrls(inbox, origin).map((w) => (
        <div key={w.url} className="field-wide">
          <CopyField label={t(w.label)} value={w.url} />
        </div>
      ))}
      <label className="field">
        <span>{t('admin.name')}</span>
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="check-row">
        <input type="checkbox" checked={bot} onChange={(e) => setBot(e.target.checked)} />
        {t('inboxForm.bot')}
      </label>
      <ConfigFields fields={fields} values={values} onChange={setValues} editing errors={errors} />
      <fieldset className="field-wide members">
        <legend>{t('inboxForm.members')}</legend>
        <p className="muted small">{t('inboxForm.membersHint')}</p>
        {members === null ? (
          <p className="muted small">{t('inboxForm.membersUnavailable')}</p>
        ) : (
          dir.agents.map((a) => (
            <label key={a.id} className="check-row">
              <input
                type="checkbox"
                checked={a.role === 'admin' || members.includes(a.id)}
                disabled={a.role === 'admin'}
                onChange={(e) => setMembers(e.target.checked ? [...members, a.id] : members.filter((m) => m !== a.id))}
              />
              {a.name} <span className="muted small">{a.email}{a.role === 'admin' ? ` · ${t('role.admin')}` : ''}</span>
            </label>
          ))
        )}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary">{t('common.save')}</button>
      </div>
    </form>
  );
}
