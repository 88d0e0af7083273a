// Archiving says what it does before the button: how many conversations are resolved, what stops arriving.
import { useEffect, useState } from 'react';
import * as api from '../api/endpoints';
import type { Inbox } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorState, Spinner } from '../ui/States';

export function ArchiveInboxDialog({ inbox, onArchived, onClose }: { inbox: Inbox; onArchived: (resolved: number) => Promise<void>; onClose: () => void }) {
  const { t } = useI18n();
  const [unresolved, setUnresolved] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);
  const load = () => {
    setFailed(false);
    api.inboxes.archivePreview(inbox.id).then((p) => setUnresolved(p.unresolved)).catch(() => setFailed(true));
  };
  useEffect(load, [inbox.id]);

  return (
    <ConfirmDialog
      title={t('archive.title', { name: inbox.name })}
      confirmLabel={t('archive.confirm')}
      danger
      onClose={onClose}
      onConfirm={async () => {
        const done = await api.inboxes.archive(inbox.id);
        await onArchived(done.resolved ?? 0);
      }}
    >
      {failed ? (
        <ErrorState message={t('archive.previewFailed')} onRetry={load} retryLabel={t('common.retry')} />
      ) : unresolved === null ? (
        <Spinner label={t('common.loading')} />
      ) : (
        <>
          <p>{t('archive.intro')}</p>
          <ul className="archive-effects">
            <li>{unresolved === 0 ? t('archive.noneOpen') : t('archive.resolves', { count: unresolved })}</li>
            <li>{inbox.channel === 'web' ? t('archive.widgetStops') : t('archive.channelStops')}</li>
            <li>{t('archive.noReplies')}</li>
            <li>{t('archive.restoreLater')}</li>
          </ul>
        </>
      )}
    </ConfirmDialog>
  );
}
