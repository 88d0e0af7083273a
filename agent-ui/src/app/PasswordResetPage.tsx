// "Forgot password?": without a token it asks for the e-mail and sends a link; with the link's token it
// sets a new password. The first step says the same whether or not the account exists.
import { useState, type FormEvent, type ReactNode } from 'react';
import { auth } from '../api/endpoints';
import { ApiError } from '../api/http';
import { useI18n } from '../i18n/i18n';
import { Field } from '../ui/Field';
import { navigate } from './router';

export function PasswordResetPage({ token }: { token: string | null }) {
  return token ? <ChooseNewPassword token={token} /> : <AskForLink />;
}

function AuthCard({ title, onSubmit, children }: { title: string; onSubmit: () => Promise<void>; children: ReactNode }) {
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    void onSubmit().finally(() => setBusy(false));
  };
  return (
    <main className="auth-page">
      <form className="auth-card" aria-labelledby="reset-title" aria-busy={busy} onSubmit={submit}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span>Switchboard</span>
        </div>
        <h1 id="reset-title">{title}</h1>
        {children}
      </form>
    </main>
  );
}

const BackToSignIn = () => {
  const { t } = useI18n();
  return (
    <button type="button" className="btn btn-link" onClick={() => navigate('/', { replace: true })}>
      {t('reset.backToSignIn')}
    </button>
  );
};

function problem(e: unknown, t: ReturnType<typeof useI18n>['t']): string {
  if (e instanceof ApiError && e.status === 429) return e.retryAfterSeconds ? t('reset.lockedFor', { minutes: Math.ceil(e.retryAfterSeconds / 60) }) : t('login.rateLimited');
  if (e instanceof ApiError && e.status === 400 && e.fields?.password) return t('invite.weakPassword');
  if (e instanceof ApiError && e.status === 400) return t('reset.invalidLink');
  return t('login.unavailable');
}

function AskForLink() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setError(null);
    try {
      await auth.requestReset(email.trim());
      setSent(true);
    } catch (e) {
      setError(problem(e, t));
    }
  };
  return (
    <AuthCard title={t('reset.title')} onSubmit={submit}>
      {sent ? (
        <p className="notice" role="status">{t('reset.sent', { email: email.trim() })}</p>
      ) : (
        <>
          <p className="muted">{t('reset.intro')}</p>
          {error && <p className="notice notice-error" role="alert">{error}</p>}
          <Field label={t('login.email')}>
            {(p) => <input {...p} type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
          <button type="submit" className="btn btn-primary btn-block">{t('reset.send')}</button>
        </>
      )}
      <BackToSignIn />
    </AuthCard>
  );
}

function ChooseNewPassword({ token }: { token: string }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setError(null);
    try {
      await auth.confirmReset(token, password);
      setDone(true);
    } catch (e) {
      setError(problem(e, t));
    }
  };
  return (
    <AuthCard title={t('reset.newTitle')} onSubmit={submit}>
      {done ? (
        <p className="notice" role="status">{t('reset.done')}</p>
      ) : (
        <>
          {error && <p className="notice notice-error" role="alert">{error}</p>}
          <Field label={t('reset.newPassword')} help={t('invite.passwordHint')}>
            {(p) => <input {...p} type="password" autoComplete="new-password" required minLength={8} autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />}
          </Field>
          <button type="submit" className="btn btn-primary btn-block">{t('reset.save')}</button>
        </>
      )}
      <BackToSignIn />
    </AuthCard>
  );
}
