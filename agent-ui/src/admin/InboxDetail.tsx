// One inbox's settings: what to paste where to connect it, a connection test, name, channel config, bot,
// and members (who can see its conversations).
import { useEffect, useState } from 'react';
import * as api from '../api/endpoints';
import { ApiError, fieldErrors } from '../api/http';
import type { Inbox } from '../api/types';
import { useDirectory } from '../app/directory';
import { navigate } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { Icon } from '../ui/Icon';
import { useToast } from '../ui/Toasts';
import { ChannelGuide } from '../features/setup/ChannelGuide';
import { ConnectionTest } from '../features/setup/ConnectionTest';
import { buildConfig, CHANNEL_FIELDS, flattenConfig } from './channelFields';
import { ConfigFields } from './ConfigFields';

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
      <ChannelGuide inboxId={inbox.id} />
      {inbox.channel === 'web' && (
        <div className="field-wide inbox-designer-link">
          <a href={`/admin/widget?inbox=${inbox.id}`} className="btn btn-secondary"
            onClick={(e) => { e.preventDefault(); navigate(`/admin/widget?inbox=${inbox.id}`); }}>
            <Icon name="chat" /> {t('widgetDesigner.open')}
          </a>
          <p className="muted small">{t('widgetDesigner.openHint')}</p>
        </div>
      )}
      <ConnectionTest inboxId={inbox.id} />
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
