// Inboxes: create one per channel, edit its settings and secrets, copy the
// widget snippet or webhook URLs, choose who may see it, archive and restore.
import { useState } from 'react';
import * as api from '../api/endpoints';
import { ApiError, fieldErrors } from '../api/http';
import { CHANNELS, type ChannelKind, type Inbox } from '../api/types';
import { useDirectory } from '../app/directory';
import { useLocation } from '../app/router';
import { ArchiveInboxDialog } from './ArchiveInboxDialog';
import './archive.css';
import { useI18n } from '../i18n/i18n';
import { ChannelIcon, Icon } from '../ui/Icon';
import { EmptyState } from '../ui/States';
import { useToast } from '../ui/Toasts';
import { buildConfig, CHANNEL_FIELDS } from './channelFields';
import { ConfigFields } from './ConfigFields';
import { InboxDetail } from './InboxDetail';
import { BotSettingsForm } from './kb/BotSettingsForm';

export function InboxesAdmin() {
  const { t, locale } = useI18n();
  const dir = useDirectory();
  const toast = useToast();
  // The setup checklist links here with ?inbox=ID (open that inbox) or ?new=1 (start a new one).
  const { params } = useLocation();
  const [selected, setSelected] = useState<string | null>(() => params.get('inbox'));
  const [creating, setCreating] = useState(() => params.get('new') === '1');
  const [name, setName] = useState('');
  const [channel, setChannel] = useState<ChannelKind>('web');
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [archiving, setArchiving] = useState<Inbox | null>(null);
  const active = dir.inboxes.filter((i) => !i.archivedAt);
  const archived = dir.inboxes.filter((i) => i.archivedAt);

  const restore = async (inbox: Inbox) => {
    try {
      await api.inboxes.restore(inbox.id);
      await dir.reload();
      toast(t('archive.restored', { name: inbox.name }));
    } catch (e) {
      toast(e instanceof ApiError ? e.message : t('common.saveFailed'), 'error');
    }
  };

  const create = async () => {
    setErrors({});
    try {
      const inbox: Inbox = await api.inboxes.create({ name, channel, config: buildConfig(CHANNEL_FIELDS[channel], values) });
      await dir.reload();
      setCreating(false);
      setName('');
      setValues({});
      setSelected(inbox.id);
      toast(t('inboxForm.created'));
    } catch (e) {
      setErrors(fieldErrors(e));
      if (!Object.keys(fieldErrors(e)).length) toast(e instanceof ApiError ? e.message : t('common.saveFailed'), 'error');
    }
  };

  const current = active.find((i) => i.id === selected);

  return (
    <div className="admin-page">
      <header className="admin-head admin-head-row">
        <div>
          <h1>{t('admin.inboxes')}</h1>
          <p className="muted">{t('admin.inboxesIntro')}</p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => { setCreating(true); setSelected(null); }}>
          <Icon name="plus" /> {t('inboxForm.new')}
        </button>
      </header>
      {creating && (
        <form className="card admin-form" onSubmit={(e) => { e.preventDefault(); void create(); }} aria-label={t('inboxForm.new')}>
          <label className="field">
            <span>{t('admin.name')} *</span>
            <input required value={name} onChange={(e) => setName(e.target.value)} />
            {errors.name && <small className="field-error">{errors.name}</small>}
          </label>
          <label className="field">
            <span>{t('inboxForm.channel')}</span>
            <select value={channel} onChange={(e) => { setChannel(e.target.value as ChannelKind); setValues({}); }}>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>{t(`channel.${c}`)}</option>
              ))}
            </select>
          </label>
          <ConfigFields fields={CHANNEL_FIELDS[channel]} values={values} onChange={setValues} editing={false} errors={errors} />
          <div className="form-actions">
            <button type="button" className="btn btn-ghost" onClick={() => setCreating(false)}>{t('common.cancel')}</button>
            <button type="submit" className="btn btn-primary">{t('inboxForm.create')}</button>
          </div>
        </form>
      )}
      {active.length === 0 ? (
        <EmptyState icon="inbox" title={t('admin.inboxesEmpty')} />
      ) : (
        <ul className="card admin-list" aria-label={t('admin.inboxes')}>
          {active.map((i) => (
            <li key={i.id} className={i.id === selected ? 'selected' : undefined}>
              <button type="button" className="admin-list-main btn-reset" aria-expanded={i.id === selected} onClick={() => { setSelected(i.id === selected ? null : i.id); setCreating(false); }}>
                <ChannelIcon channel={i.channel} label={t(`channel.${i.channel}`)} />
                <strong>{i.name}</strong>
                <span className="muted small">{t(`channel.${i.channel}`)}</span>
              </button>
              <button type="button" className="btn btn-small btn-ghost" onClick={() => setArchiving(i)} aria-label={t('archive.action', { name: i.name })}>
                {t('archive.button')}
              </button>
              <Icon name="chevronDown" />
            </li>
          ))}
        </ul>
      )}
      {archived.length > 0 && (
        <section aria-labelledby="archived-inboxes">
          <h2 id="archived-inboxes" className="admin-subhead">{t('archive.listTitle')}</h2>
          <p className="muted small">{t('archive.listIntro')}</p>
          <ul className="card admin-list" aria-labelledby="archived-inboxes">
            {archived.map((i) => (
              <li key={i.id}>
                <span className="admin-list-main">
                  <ChannelIcon channel={i.channel} label={t(`channel.${i.channel}`)} />
                  <strong>{i.name}</strong>
                  <span className="muted small">{t('archive.since', { date: new Date(i.archivedAt!).toLocaleDateString(locale) })}</span>
                </span>
                <button type="button" className="btn btn-small btn-secondary" onClick={() => void restore(i)} aria-label={t('archive.restoreAction', { name: i.name })}>
                  {t('archive.restore')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {archiving && (
        <ArchiveInboxDialog
          inbox={archiving}
          onClose={() => setArchiving(null)}
          onArchived={async (resolved) => {
            if (selected === archiving.id) setSelected(null);
            await dir.reload();
            toast(t('archive.done', { name: archiving.name, count: resolved }));
          }}
        />
      )}
      {current && <InboxDetail key={current.id} inbox={current} />}
      {current && <BotSettingsForm key={`bot-${current.id}`} inboxId={current.id} />}
    </div>
  );
}
