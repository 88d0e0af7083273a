// Routes and providers. Admin screens are a separate chunk: most agents never
// open them, so they should not pay for them on every load.
import { lazy, Suspense, useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { LOCALES, useI18n, type Locale } from '../i18n/i18n';
import { InboxPage } from '../inbox/InboxPage';
import { useNotifications } from '../notifications/useNotifications';
import { realtime } from '../realtime/socket';
import { Spinner } from '../ui/States';
import { DirectoryProvider } from './directory';
import { HelpDialog } from './HelpDialog';
import { LoginPage } from './LoginPage';
import { Rail, type RailSection } from './Rail';
import { match, navigate, useLocation } from './router';
import { useMe, useSession } from './session';

const AdminApp = lazy(() => import('../admin/AdminApp'));
const OpsApp = lazy(() => import('../features/ops/OpsApp'));
const CrmApp = lazy(() => import('../features/crm/CrmApp'));
// Pages and dialogs most sessions never open load on first use, keeping them out of the first download.
const InvitePage = lazy(() => import('./InvitePage').then((m) => ({ default: m.InvitePage })));
const PasswordResetPage = lazy(() => import('./PasswordResetPage').then((m) => ({ default: m.PasswordResetPage })));
const ProfilePage = lazy(() => import('./ProfilePage').then((m) => ({ default: m.ProfilePage })));

export function App() {
  const { status } = useSession();
  const { t } = useI18n();
  const { path, params } = useLocation();
  const invite = match('/invite/:token', path);
  if (invite && status !== 'signedIn') return <Suspense fallback={<Spinner label={t('common.loading')} />}><InvitePage token={invite.token} /></Suspense>;
  if (path === '/reset' && status !== 'signedIn') return <Suspense fallback={<Spinner label={t('common.loading')} />}><PasswordResetPage token={params.get('token')} /></Suspense>;
  if (status === 'checking') return <Spinner label={t('common.loading')} />;
  if (status === 'signedOut') return <LoginPage />;
  return (
    <DirectoryProvider>
      <Shell />
    </DirectoryProvider>
  );
}

function ConnectionBanner() {
  const { t } = useI18n();
  const state = useSyncExternalStore(
    (l) => realtime.onState(l),
    () => realtime.state,
  );
  if (state === 'online') return null;
  return (
    <div className="connection-banner" role="status">
      {state === 'connecting' ? t('connection.connecting') : t('connection.offline')}
    </div>
  );
}

function Shell() {
  const { t, locale, setLocale } = useI18n();
  const me = useMe();
  // The language saved on the profile follows the agent to every browser they sign in on.
  useEffect(() => {
    if (me.locale && me.locale !== locale && LOCALES.some((l) => l.id === me.locale)) setLocale(me.locale as Locale);
    // Only when someone signs in: a later switch in the rail is this tab's choice (the profile saves it for good).
  }, [me.id]);
  const { path, params } = useLocation();
  const [help, setHelp] = useState(false);
  const openConversation = useCallback((id: string) => navigate(`/c/${id}`), []);
  const notif = useNotifications(
    me.id,
    { newConversation: t('notify.newConversation'), newMessage: t('notify.newMessage'), mention: t('notify.mention') },
    openConversation,
  );
  const admin = match('/admin/:section', path) ?? (path === '/admin' ? { section: 'inboxes' } : null);
  const conv = match('/c/:id', path);
  const toggleHelp = useCallback(() => setHelp((h) => !h), []);
  const section: RailSection = admin ? 'admin' : path.startsWith('/crm') ? 'crm' : path.startsWith('/ops') ? 'ops' : path === '/profile' ? 'profile' : 'inbox';

  return (
    <div className="app">
      <a href="#main" className="skip-link">{t('nav.skip')}</a>
      <Rail section={section} notif={notif} onHelp={toggleHelp} />
      <main id="main" className="main">
        <ConnectionBanner />
        {path === '/profile' ? <Suspense fallback={<Spinner label={t('common.loading')} />}><ProfilePage /></Suspense> : path.startsWith('/ops') ? <Suspense fallback={<Spinner label={t('common.loading')} />}><OpsApp /></Suspense> : admin ? (
          me.role === 'admin' ? (
            <Suspense fallback={<Spinner label={t('common.loading')} />}>
              <AdminApp section={admin.section} />
            </Suspense>
          ) : (
            <p className="notice notice-error">{t('admin.forbidden')}</p>
          )
        ) : path.startsWith('/crm') ? (
          <Suspense fallback={<Spinner label={t('common.loading')} />}><CrmApp section={path.split('/')[2] ?? ''} /></Suspense>
        ) : (
          <InboxPage conversationId={conv?.id ?? null} params={params} notif={notif} onHelp={toggleHelp} />
        )}
      </main>
      {help && <HelpDialog onClose={() => setHelp(false)} />}
    </div>
  );
}
