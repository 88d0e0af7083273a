// What to paste where to connect one inbox, read from the server (GET /api/inboxes/:id/setup) so every value is
// the one the server answers on: the widget snippet, the mailbox and mail servers, the Twilio and webhook URLs.
// Secrets are named, never shown. Telegram can be pointed at its webhook from here.
import { useState } from 'react';
import { ApiError } from '../../api/http';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { CopyField } from '../../ui/CopyField';
import { Icon } from '../../ui/Icon';
import { ErrorState, Spinner } from '../../ui/States';
import { useLoad } from '../../ui/useLoad';
import { setupApi, type ChannelGuide as Guide, type GuideItem } from './setupApi';
import './setup.css';

/** Each item's name and where it goes; a webhook URL goes somewhere else on each provider. */
const ITEM_TEXT: Record<string, [MessageKey, MessageKey]> = {
  snippet: ['inboxForm.snippet', 'inboxForm.snippetHint'],
  widgetKey: ['setup.item.widgetKey', 'setup.where.widgetKey'],
  forwardTo: ['setup.item.forwardTo', 'setup.where.forwardTo'],
  inboundSmtp: ['setup.item.inboundSmtp', 'setup.where.inboundSmtp'],
  imap: ['setup.item.imap', 'setup.where.imap'],
  smtp: ['setup.item.smtp', 'setup.where.smtp'],
  twilioIncoming: ['inboxForm.webhookSms', 'setup.where.twilioIncoming'],
  twilioStatus: ['inboxForm.webhookStatus', 'setup.where.twilioStatus'],
  webhookUrl: ['inboxForm.webhook', 'setup.where.telegramWebhook'],
  secretToken: ['inboxForm.secretToken', 'setup.where.secretToken'],
  callbackUrl: ['setup.item.callbackUrl', 'setup.where.callbackUrl'],
  verifyToken: ['inboxForm.verifyToken', 'setup.where.verifyToken'],
};

function textOf(channel: string, item: GuideItem): [MessageKey, MessageKey] | undefined {
  if (channel === 'line' && item.key === 'webhookUrl') return ['inboxForm.webhook', 'setup.where.lineWebhook'];
  return ITEM_TEXT[item.key];
}

function RegisterWebhook({ guide }: { guide: Guide }) {
  const { t } = useI18n();
  const [state, setState] = useState<{ busy: boolean; ok?: string; error?: string }>({ busy: false });
  const run = async () => {
    setState({ busy: true });
    try {
      const r = await setupApi.registerWebhook(guide.inboxId, guide.channel);
      setState({ busy: false, ok: r.url });
    } catch (e) {
      setState({ busy: false, error: e instanceof ApiError ? e.message : t('common.saveFailed') });
    }
  };
  return (
    <div className="form-row">
      <button type="button" className="btn btn-secondary" disabled={state.busy} onClick={() => void run()}>
        <Icon name="bolt" /> {t('setup.registerWebhook')}
      </button>
      <span role="status" className={state.error ? 'check-fail small' : 'check-pass small'}>
        {state.ok ? t('setup.registeredWebhook', { url: state.ok }) : state.error ?? ''}
      </span>
    </div>
  );
}

export function ChannelGuide({ inboxId }: { inboxId: string }) {
  const { t } = useI18n();
  const loaded = useLoad<Guide>(() => setupApi.guide(inboxId), [inboxId]);
  const guide = loaded.data;
  return (
    <section className="field-wide channel-guide" aria-labelledby={`guide-${inboxId}`}>
      <h3 id={`guide-${inboxId}`}>{t('setup.guideTitle')}</h3>
      {!guide && loaded.error && <ErrorState message={t('setup.guideFailed')} onRetry={loaded.reload} retryLabel={t('common.retry')} />}
      {!guide && !loaded.error && <Spinner label={t('common.loading')} />}
      {guide && (
        <>
          {guide.publicUrl.problem && (
            <p className="notice notice-error public-url-banner">
              {t(guide.publicUrl.problem === 'unset' ? 'setup.guideUnset' : 'setup.guideLoopback', { url: guide.publicUrl.url })}
            </p>
          )}
          <ol className="guide-steps">
            {guide.items.map((item) => {
              const text = textOf(guide.channel, item);
              // An item this build has no words for (a newer server) is left out rather than shown unexplained.
              if (!text) return null;
              const [label, where] = text;
              return (
                <li key={item.key} data-guide-item={item.key}>
                  {item.value === null ? (
                    <div className="copy-field">
                      <span className="copy-label">{t(label)}</span>
                      <span className="muted small">{t(where)}</span>
                      <p className="guide-secret"><Icon name="lock" size={14} /> {t('setup.secretSaved')}</p>
                    </div>
                  ) : (
                    <CopyField label={t(label)} hint={t(where)} value={item.value} />
                  )}
                </li>
              );
            })}
          </ol>
          {guide.canRegisterWebhook && <RegisterWebhook guide={guide} />}
        </>
      )}
    </section>
  );
}
