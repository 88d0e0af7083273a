// Agents and invitations. An invite is e-mailed as a one-time link where the
// new agent sets a password; the link is also shown here to copy, so an admin
// without outbound mail can still onboard colleagues.
import { useCallback, useEffect, useState } from 'react';
import * as api from '../api/endpoints';
import { ApiError, fieldErrors } from '../api/http';
import type { Invite, Role } from '../api/types';
import { AvailabilityDot } from '../app/Availability';
import { useDirectory } from '../app/directory';
import { useMe } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { Avatar } from '../ui/Avatar';
import { Icon } from '../ui/Icon';
import { useToast } from '../ui/Toasts';

export function AgentsAdmin() {
  const { t, locale } = useI18n();
  const me = useMe();
  const dir = useDirectory();
  const toast = useToast();
  const [invites, setInvites] = useState<Invite[] | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [inboxIds, setInboxIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [lastLink, setLastLink] = useState<string | null>(null);

  const loadInvites = useCallback(() => void api.invites.list().then(setInvites).catch(() => setInvites(null)), []);
  useEffect(loadInvites, [loadInvites]);

  const invite = async () => {
    setErrors({});
    try {
      const inv = await api.invites.create({ email: email.trim(), role, inboxIds });
      setEmail('');
      setInboxIds([]);
      setLastLink(inv.url ?? null);
      // Without SMTP nothing was mailed: say so, and the link below is the way to reach the person.
      toast(inv.emailed === false ? t('agents.invitedNoMail', { email: inv.email }) : t('agents.invited', { email: inv.email }), inv.emailed === false ? 'error' : undefined);
      loadInvites();
    } catch (e) {
      setErrors(fieldErrors(e));
      toast(e instanceof ApiError ? e.message : t('common.saveFailed'), 'error');
    }
  };

  const changeRole = async (id: string, r: Role) => {
    try {
      await api.agents.update(id, { role: r });
      await dir.reload();
    } catch (e) {
      toast(e instanceof ApiError ? e.message : t('common.saveFailed'), 'error');
    }
  };

  return (
    <div className="admin-page">
      <header className="admin-head">
        <h1>{t('admin.agents')}</h1>
        <p className="muted">{t('admin.agentsIntro')}</p>
      </header>
      <form className="card admin-form" aria-label={t('agents.invite')} onSubmit={(e) => { e.preventDefault(); void invite(); }}>
        <h2>{t('agents.invite')}</h2>
        <label className="field">
          <span>{t('contact.email')}</span>
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          {errors.email && <small className="field-error">{errors.email}</small>}
        </label>
        <label className="field">
          <span>{t('agents.role')}</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="agent">{t('role.agent')}</option>
            <option value="admin">{t('role.admin')}</option>
          </select>
        </label>
        <fieldset className="field-wide">
          <legend>{t('agents.inboxes')}</legend>
          {dir.inboxes.map((i) => (
            <label key={i.id} className="check-row">
              <input type="checkbox" checked={inboxIds.includes(i.id)} onChange={(e) => setInboxIds(e.target.checked ? [...inboxIds, i.id] : inboxIds.filter((x) => x !== i.id))} />
              {i.name}
            </label>
          ))}
          {role !== 'admin' && inboxIds.length === 0 && (
            <p className="field-hint field-warning" role="status">{t('agents.noInboxesWarning')}</p>
          )}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary"><Icon name="mail" /> {t('agents.sendInvite')}</button>
        </div>
        {lastLink && (
          <p className="notice field-wide" role="status">
            {t('agents.linkHint')} <code className="break">{lastLink}</code>
          </p>
        )}
      </form>

      <ul className="card admin-list" aria-label={t('admin.agents')}>
        {dir.agents.map((a) => (
          <li key={a.id}>
            <div className="admin-list-main">
              <Avatar name={a.name} id={a.id} url={a.avatarUrl} size={28} />
              <span>
                <strong>{a.name}</strong> <span className="muted small">{a.email}</span>
              </span>
              <AvailabilityDot agent={a} showText />
            </div>
            <label>
              <span className="sr-only">{t('agents.role')}</span>
              <select value={a.role} disabled={a.id === me.id} onChange={(e) => void changeRole(a.id, e.target.value as Role)}>
                <option value="agent">{t('role.agent')}</option>
                <option value="admin">{t('role.admin')}</option>
              </select>
            </label>
          </li>
        ))}
      </ul>

      {invites && invites.length > 0 && (
        <>
          <h2 className="section-title">{t('agents.pending')}</h2>
          <ul className="card admin-list">
            {invites.filter((i) => !i.acceptedAt).map((i) => (
              <li key={i.id}>
                <div className="admin-list-main">
                  <Icon name="mail" />
                  <strong>{i.email}</strong>
                  <span className="muted small">{t(`role.${i.role}`)} · {t('agents.expires', { time: new Date(i.expiresAt).toLocaleDateString(locale) })}</span>
                </div>
                {i.url && (
                  <button
                    type="button"
                    className="btn btn-link btn-tiny"
                    title={t('agents.copyLinkFor', { email: i.email })}
                    onClick={() => void navigator.clipboard?.writeText(i.url!).then(() => toast(t('common.copied')), () => toast(t('common.copyFailed'), 'error'))}
                  >
                    <Icon name="copy" /> {t('agents.copyLink')}
                    {/* The name starts with the visible words (WCAG 2.5.3) and still says which invitation. */}
                    <span className="sr-only"> ({i.email})</span>
                  </button>
                )}
                <button type="button" className="btn btn-link btn-tiny danger" onClick={() => void api.invites.revoke(i.id).then(loadInvites)}>
                  {t('agents.revoke')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
