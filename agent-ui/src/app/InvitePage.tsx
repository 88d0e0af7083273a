// Accepting an invitation: the link from the e-mail carries a one-time token;
// the new agent picks a name and password and is signed straight in.
import { useEffect, useState } from 'react';
import { invites } from '../api/endpoints';
import { ApiError } from '../api/http';
import { useI18n } from '../i18n/i18n';
import { navigate } from './router';
import { useSession } from './session';

export function InvitePage({ token }: { token: string }) {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [email, setEmail] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'invalid'>('loading');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    invites
      .lookup(token)
      .then((r) => {
        setEmail(r.email);
        setState('ready');
      })
      .catch(() => setState('invalid'));
  }, [token]);

  const submit = async () => {
    setError(null);
    try {
      const res = await invites.accept(token, name.trim(), password);
      signIn(res.token, res.agent);
      navigate('/', { replace: true });
    } catch (e) {
      setError(e instanceof ApiError && e.fields?.password ? t('invite.weakPassword') : e instanceof ApiError ? e.message : t('login.unavailable'));
    }
  };

  return (
    <main className="auth-page">
      <form
        className="auth-card"
        aria-labelledby="invite-title"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span>Switchboard</span>
        </div>
        <h1 id="invite-title">{t('invite.title')}</h1>
        {state === 'loading' && <p className="muted">{t('common.loading')}</p>}
        {state === 'invalid' && <p className="notice notice-error" role="alert">{t('invite.invalid')}</p>}
        {state === 'ready' && (
          <>
            <p className="muted">{t('invite.intro', { email: email ?? '' })}</p>
            {error && <p className="notice notice-error" role="alert">{error}</p>}
            <label className="field">
              <span>{t('invite.name')}</span>
              <input required value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" autoFocus />
            </label>
            <label className="field">
              <span>{t('invite.password')}</span>
              <input type="password" required minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
              <small className="muted">{t('invite.passwordHint')}</small>
            </label>
            <button type="submit" className="btn btn-primary btn-block">
              {t('invite.submit')}
            </button>
          </>
        )}
      </form>
    </main>
  );
}
