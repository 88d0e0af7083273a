// The event log seen from Operations: how far behind each durable consumer is, and the events a consumer gave
// up on (dead letters) with the error and a Retry button. Refreshed every few seconds while open.
import { useEffect, useState } from 'react';
import { http } from '../../api/http';
import { labelFor, useI18n, type MessageKey } from '../../i18n/i18n';
import { Card } from '../../ui/Card';
import { DataTable } from '../../ui/DataTable';
import { useToast } from '../../ui/Toasts';
import { useLoad } from '../../ui/useLoad';

interface ConsumerLag { consumer: string; behind: number; oldestAgeSeconds: number; deadLetters: number }
interface DeadLetter {
  id: string; consumer: string; error: string; attempts: number; createdAt: string;
  event: { id: string; position: number; type: string; conversationId: string | null; contactId: string | null; createdAt: string };
}

const REFRESH_MS = 5_000;

type State = 'failing' | 'behind' | 'ok';
const STATE_LABEL: Record<State, MessageKey> = { failing: 'ops.events.state.failing', behind: 'ops.events.state.behind', ok: 'ops.events.state.ok' };

function consumerState(c: ConsumerLag): State {
  if (c.deadLetters > 0) return 'failing';
  return c.behind > 0 ? 'behind' : 'ok';
}

export function EventLogView() {
  const { t, locale } = useI18n();
  const toast = useToast();
  const consumers = useLoad<{ items: ConsumerLag[] }>('/api/events/consumers');
  const dead = useLoad<{ items: DeadLetter[] }>('/api/events/dead-letters');
  const [retrying, setRetrying] = useState<string | null>(null);
  const reloadBoth = () => { consumers.reload(); dead.reload(); };

  useEffect(() => {
    const timer = setInterval(() => { consumers.reload(); dead.reload(); }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [consumers.reload, dead.reload]);

  async function retry(d: DeadLetter) {
    setRetrying(d.id);
    try {
      await http.post(`/api/events/dead-letters/${d.id}/retry`, {});
      toast(t('ops.events.retried', { consumer: d.consumer }));
    } catch (e) {
      toast((e as Error).message, 'error');
    } finally {
      setRetrying(null);
      reloadBoth();
    }
  }

  const stateLabel = (c: ConsumerLag) => {
    const state = consumerState(c);
    return <span className={`pill ${{ ok: 'pill-on', behind: '', failing: 'pill-alert' }[state]}`}>{t(STATE_LABEL[state])}</span>;
  };

  return (
    <section aria-label={t('ops.tab.events')} className="ds-grid">
      <Card wide title={t('ops.events.consumers')} description={t('ops.events.consumersHelp')}>
        <DataTable<ConsumerLag> label={t('ops.events.consumers')} rows={consumers.data?.items ?? null} error={consumers.error} onRetry={consumers.reload}
          rowKey={(c) => c.consumer} empty={{ icon: 'clock', title: t('ops.events.noConsumers') }}
          columns={[
            { key: 'consumer', label: t('ops.events.consumer'), rowHeader: true, render: (c) => <code dir="ltr">{c.consumer}</code>, sortValue: (c) => c.consumer },
            { key: 'behind', label: t('ops.events.behind'), numeric: true, render: (c) => c.behind, sortValue: (c) => c.behind },
            { key: 'oldest', label: t('ops.events.oldest'), numeric: true, sortValue: (c) => c.oldestAgeSeconds,
              render: (c) => (c.behind ? t('ops.events.seconds', { n: c.oldestAgeSeconds }) : '—') },
            { key: 'dead', label: t('ops.events.deadCount'), numeric: true, render: (c) => c.deadLetters, sortValue: (c) => c.deadLetters },
            { key: 'state', label: t('ops.events.state'), render: stateLabel, sortValue: (c) => consumerState(c) },
          ]} />
      </Card>
      <Card wide title={t('ops.events.deadLetters')} description={t('ops.events.deadLettersHelp')}>
        <DataTable<DeadLetter> label={t('ops.events.deadLetters')} rows={dead.data?.items ?? null} error={dead.error} onRetry={dead.reload}
          rowKey={(d) => d.id} empty={{ icon: 'smile', title: t('ops.events.noDeadLetters') }} initialSort={{ key: 'when', dir: 'desc' }}
          columns={[
            { key: 'when', label: t('ops.when'), render: (d) => new Date(d.createdAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }), sortValue: (d) => d.createdAt },
            { key: 'consumer', label: t('ops.events.consumer'), rowHeader: true, render: (d) => <code dir="ltr">{d.consumer}</code>, sortValue: (d) => d.consumer },
            { key: 'event', label: t('ops.events.event'), render: (d) => labelFor(t, 'event', d.event.type), sortValue: (d) => d.event.type },
            { key: 'conversation', label: t('ops.events.conversation'),
              render: (d) => (d.event.conversationId ? <a href={`/c/${d.event.conversationId}`}>{t('ops.events.open')}</a> : '—') },
            { key: 'error', label: t('ops.events.error'), render: (d) => <bdi className="field-error">{d.error}</bdi> },
            { key: 'attempts', label: t('ops.events.attempts'), numeric: true, render: (d) => d.attempts, sortValue: (d) => d.attempts },
            { key: 'retry', label: t('ops.rules.manage'), render: (d) => (
              <button type="button" className="btn btn-secondary btn-small" disabled={retrying === d.id}
                aria-label={t('ops.events.retryNamed', { consumer: d.consumer, event: labelFor(t, 'event', d.event.type) })} onClick={() => void retry(d)}>
                {t('ops.events.retry')}
              </button>
            ) },
          ]} />
      </Card>
    </section>
  );
}
