// The narrow left rail: sections, mentions, sound, language, account (availability, profile).
import { useEffect, useRef, useState } from 'react';
import { LOCALES, useI18n, type Locale } from '../i18n/i18n';
import type { NotificationsState } from '../notifications/useNotifications';
import { CrmNav } from '../features/crm/CrmNav';
import { Avatar } from '../ui/Avatar';
import { Icon } from '../ui/Icon';
import { AvailabilityDot, AvailabilityPicker } from './Availability';
import { MentionsPanel } from './MentionsPanel';
import { navigate } from './router';
import { useMe, useSession } from './session';

export type RailSection = 'inbox' | 'crm' | 'ops' | 'admin' | 'profile';

export function Rail({ section, notif, onHelp }: { section: RailSection; notif: NotificationsState; onHelp: () => void }) {
  const { t, locale, setLocale } = useI18n();
  const me = useMe();
  const { signOut } = useSession();
  const [mentionsOpen, setMentionsOpen] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const avatarRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  // Opening moves focus into the menu; Escape closes it and gives focus back to the avatar.
  useEffect(() => {
    if (!menuOpen) return;
    menuRef.current?.querySelector<HTMLElement>('input:checked, button, select')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setMenuOpen(false);
      avatarRef.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  return (
    <nav className="rail" aria-label={t('nav.main')}>
      <span className="brand-mark" aria-hidden="true" />
      <a href="/" className={section === 'inbox' ? 'rail-btn active' : 'rail-btn'} aria-current={section === 'inbox' ? 'page' : undefined} onClick={(e) => { e.preventDefault(); navigate('/'); }} title={t('nav.inbox')}>
        <Icon name="inbox" size={20} />
        <span className="sr-only">{t('nav.inbox')}</span>
      </a>
      <CrmNav active={section === 'crm'} />
      <a href="/ops/reports" className={section === 'ops' ? 'rail-btn active' : 'rail-btn'} aria-current={section === 'ops' ? 'page' : undefined} onClick={(e) => { e.preventDefault(); navigate('/ops/reports'); }} title={t('nav.ops')}>
        <Icon name="activity" size={20} />
        <span className="sr-only">{t('nav.ops')}</span>
      </a>
      {me.role === 'admin' && (
        <a href="/admin/inboxes" className={section === 'admin' ? 'rail-btn active' : 'rail-btn'} aria-current={section === 'admin' ? 'page' : undefined} onClick={(e) => { e.preventDefault(); navigate('/admin/inboxes'); }} title={t('nav.settings')}>
          <Icon name="settings" size={20} />
          <span className="sr-only">{t('nav.settings')}</span>
        </a>
      )}
      <span className="spacer" />
      <button type="button" className="rail-btn" aria-label={t('nav.mentions', { count: notif.unreadMentions })} aria-expanded={mentionsOpen} onClick={() => setMentionsOpen(!mentionsOpen)}>
        <Icon name="bell" size={20} />
        {notif.unreadMentions > 0 && <span className="rail-badge" aria-hidden="true">{notif.unreadMentions}</span>}
      </button>
      <button type="button" className="rail-btn" aria-pressed={notif.sound} aria-label={notif.sound ? t('nav.soundOn') : t('nav.soundOff')} title={notif.sound ? t('nav.soundOn') : t('nav.soundOff')} onClick={notif.toggleSound}>
        <Icon name={notif.sound ? 'volume' : 'mute'} size={20} />
      </button>
      <button type="button" className="rail-btn" aria-label={t('help.title')} title={t('help.title')} onClick={onHelp}>
        <Icon name="keyboard" size={20} />
      </button>
      <button ref={avatarRef} type="button" className="rail-avatar" aria-label={t('nav.account', { name: me.name })} aria-expanded={menuOpen} onClick={() => setMenuOpen(!menuOpen)}>
        <Avatar name={me.name} id={me.id} url={me.avatarUrl} size={32} />
        <AvailabilityDot agent={{ availability: me.availability }} />
      </button>
      {mentionsOpen && <MentionsPanel notif={notif} onClose={() => setMentionsOpen(false)} />}
      {menuOpen && (
        <div ref={menuRef} className="popover account-menu" role="group" aria-label={t('nav.account', { name: me.name })}>
          <div className="account-who">
            <strong>{me.name}</strong>
            <span className="muted small">{me.email}</span>
          </div>
          <AvailabilityPicker />
          <a href="/profile" className="btn btn-secondary btn-block" onClick={(e) => { e.preventDefault(); setMenuOpen(false); navigate('/profile'); }}>
            <Icon name="user" /> {t('profile.open')}
          </a>
          <label className="field">
            <span>{t('settings.language')}</span>
            <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
              {LOCALES.map((l) => (
                <option key={l.id} value={l.id}>{l.label}</option>
              ))}
            </select>
          </label>
          {notif.permission !== 'unsupported' && notif.permission !== 'granted' && (
            <button type="button" className="btn btn-secondary btn-block" onClick={notif.requestPermission}>
              <Icon name="bell" /> {t('nav.enableNotifications')}
            </button>
          )}
          <button type="button" className="btn btn-ghost btn-block" onClick={() => void signOut()}>
            <Icon name="logout" /> {t('nav.signOut')}
          </button>
        </div>
      )}
    </nav>
  );
}
