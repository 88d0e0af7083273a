// "Test connection": asks the provider whether the inbox's stored credentials work
// (POST /api/inboxes/:id/test-connection) and shows its answer word for word, with when it was asked; the server
// keeps the last answer, so every admin sees it on return.
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/http';
import { useI18n } from '../../i18n/i18n';
import { Icon } from '../../ui/Icon';
import { setupApi, type ConnectionReport } from './setupApi';
import './setup.css';

export function ConnectionTest({ inboxId }: { inboxId: string }) {
  const { t, locale } = useI18n();
  const [last, setLast] = useState<ConnectionReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setLast(null);
    // No earlier answer to show is not an error worth a banner: the button is right there.
    setupApi.lastConnectionTest(inboxId).then((r) => { if (live) setLast((now) => now ?? r.last); }, () => undefined);
    return () => { live = false; };
  }, [inboxId]);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setLast(await setupApi.testConnection(inboxId));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('setup.testFailedToRun'));
    } finally {
      setBusy(false);
    }
  };

  const when = last ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(last.checkedAt)) : '';
  return (
    <section className="field-wide connection-test" aria-labelledby={`test-${inboxId}`}>
      <h3 id={`test-${inboxId}`}>{t('setup.testTitle')}</h3>
      <div className="connection-test-head">
        <p className="muted small">{t('setup.testIntro')}</p>
        <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void run()}>
          <Icon name="retry" /> {busy ? t('setup.testing') : t('setup.testButton')}
        </button>
      </div>
      <div aria-live="polite">
        {error && <p className="notice notice-error">{error}</p>}
        {last && (
          <div className={last.ok ? 'connection-result' : 'connection-result failed'}>
            <span className="connection-result-title">
              <Icon name={last.ok ? 'check' : 'alert'} />
              {t(last.ok ? 'setup.testPassed' : 'setup.testFailed')}
            </span>
            <span className="muted small">{t('setup.testAt', { time: when })}</span>
            <ul className="connection-checks">
              {last.checks.map((c, i) => (
                <li key={`${c.name}-${i}`}>
                  <span className={c.ok ? 'check-pass' : 'check-fail'} aria-hidden="true"><Icon name={c.ok ? 'check' : 'x'} size={14} /></span>
                  <strong>{c.name}</strong>
                  <span className="sr-only">{t(c.ok ? 'setup.checkOk' : 'setup.checkFail')}</span>
                  {/* The provider's own words, in its language: laid out on their own direction inside Persian. */}
                  <bdi className="check-detail" dir="auto">{c.detail}</bdi>
                  {c.fix && <span className="check-fix small">{t('setup.checkFix')} <bdi dir="auto">{c.fix}</bdi></span>}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
