// Sign-in. Tells the agent when they were signed out because the session
// expired, so a bounce to this screen is never a mystery.
import { useState } from 'react';
import { auth } from '../api/endpoints';
import { ApiError } from '../api/http';
import { LOCALES, useI18n, type Locale } from '../i18n/i18n';
import { navigate } from './router';
import { useSession } from './session';

export function LoginPage() {
  const { t, locale, setLocale } = useI18n();
  const { signIn, expired } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await auth.login(email.trim(), password);
      signIn(res.token, res.agent);
    } catch (e) {
      if (e instanceof ApiError && e.status === 429)
        setError(e.retryAfterSeconds ? t('login.lockedFor', { minutes: Math.ceil(e.retryAfterSeconds / 60) }) : t('login.rateLimited'));
      else if (e instanceof ApiError && (e.status === 401 || e.status === 400)) setError(t('login.invalid'));
      else setError(t('login.unavailable'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <form
        className="auth-card"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        aria-labelledby="login-title"
      >
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span>Switchboard</span>
        </div>
        <h1 id="login-title">{t('login.title')}</h1>
        {expired && !error && (
          <p className="notice" role="status">
            {t('login.expired')}
          </p>
        )}
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
        <label className="field">
          <span>{t('login.email')}</span>
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus name="email" />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} name="password" />
        </label>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
        <button type="button" className="btn btn-link" onClick={() => navigate('/reset')}>
          {t('login.forgot')}
        </button>
        <label className="locale-picker">
          <span className="sr-only">{t('settings.language')}</span>
          <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            {LOCALES.map((l) => (
              <option key={l.id} value={l.id}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
      </form>
    </main>
  );
}
