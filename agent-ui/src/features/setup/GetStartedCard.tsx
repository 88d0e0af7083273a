// The admin's "Get started" checklist beside an empty inbox: five steps, each ticked from what really exists
// (the server computes them), each linking to the screen that does it, put away for good with Dismiss.
import { useId, useState } from 'react';
import { ApiError } from '../../api/http';
import { useDirectory } from '../../app/directory';
import { navigate } from '../../app/router';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { Card } from '../../ui/Card';
import { Icon } from '../../ui/Icon';
import { ErrorState } from '../../ui/States';
import { useToast } from '../../ui/Toasts';
import { useLoad } from '../../ui/useLoad';
import { setupApi, type Checklist, type ChecklistStepKey } from './setupApi';
import './setup.css';

const STEP_TEXT: Record<ChecklistStepKey, [MessageKey, MessageKey]> = {
  install_widget: ['setup.step.install_widget', 'setup.stepHint.install_widget'],
  invite_teammate: ['setup.step.invite_teammate', 'setup.stepHint.invite_teammate'],
  connect_channel: ['setup.step.connect_channel', 'setup.stepHint.connect_channel'],
  add_kb_articles: ['setup.step.add_kb_articles', 'setup.stepHint.add_kb_articles'],
  switch_on_bot: ['setup.step.switch_on_bot', 'setup.stepHint.switch_on_bot'],
};

export default function GetStartedCard() {
  const { t } = useI18n();
  const toast = useToast();
  const dir = useDirectory();
  const progressId = useId();
  const loaded = useLoad<Checklist>(() => setupApi.checklist(), []);
  const [dismissed, setDismissed] = useState(false);
  const [busy, setBusy] = useState(false);

  // Nothing while loading: a card that was dismissed must not flash up on every visit.
  if (dismissed || loaded.data?.dismissed || (!loaded.data && !loaded.error)) return null;
  if (!loaded.data) {
    return (
      <Card title={t('setup.title')} className="setup-card">
        <ErrorState message={t('setup.loadFailed')} onRetry={loaded.reload} retryLabel={t('common.retry')} />
      </Card>
    );
  }

  // A step this build does not know yet (a newer server) is left out rather than shown without words.
  const steps = loaded.data.steps.filter((s) => s.key in STEP_TEXT);
  const done = steps.filter((s) => s.done).length;
  const allDone = done === steps.length;
  // The website inbox is where the snippet and the bot switch live: open it rather than the list.
  const web = dir.inboxes.find((i) => i.channel === 'web' && !i.archivedAt);
  const hrefOf = (key: ChecklistStepKey, href: string) =>
    (key === 'install_widget' || key === 'switch_on_bot') && web ? `/admin/inboxes?inbox=${web.id}`
      : key === 'connect_channel' ? '/admin/inboxes?new=1'
        : href;

  const dismiss = async () => {
    setBusy(true);
    try {
      await setupApi.dismissChecklist();
      setDismissed(true);
      toast(t('setup.dismissed'));
    } catch (e) {
      toast(e instanceof ApiError ? e.message : t('common.saveFailed'), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      className="setup-card"
      title={t(allDone ? 'setup.allDoneTitle' : 'setup.title')}
      description={t(allDone ? 'setup.allDoneIntro' : 'setup.intro')}
      actions={(
        <button type="button" className="btn btn-ghost btn-small" disabled={busy} aria-label={t('setup.dismissLabel')} onClick={() => void dismiss()}>
          {t('setup.dismiss')}
        </button>
      )}
    >
      <div className="setup-progress">
        <span id={progressId} className="setup-progress-text">{t('setup.progress', { done, total: steps.length })}</span>
        <div className="setup-progress-bar" role="progressbar" aria-labelledby={progressId} aria-valuemin={0} aria-valuemax={steps.length} aria-valuenow={done}>
          <span style={{ inlineSize: `${(done / steps.length) * 100}%` }} />
        </div>
      </div>
      <ol className="setup-steps" aria-label={t('setup.stepsLabel')}>
        {steps.map((step, i) => {
          const [title, hint] = STEP_TEXT[step.key];
          const href = hrefOf(step.key, step.href);
          return (
            <li key={step.key} className={step.done ? 'setup-step done' : 'setup-step'} data-step={step.key}>
              <span className="setup-step-mark" aria-hidden="true">{step.done ? <Icon name="check" size={14} /> : i + 1}</span>
              <span className="setup-step-text">
                <a href={href} onClick={(e) => { e.preventDefault(); navigate(href); }}>{t(title)}</a>
                <span className="muted small">{t(hint)}</span>
              </span>
              <span className={step.done ? 'pill pill-on' : 'pill'}>{t(step.done ? 'setup.stepDone' : 'setup.stepTodo')}</span>
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
