// Actions on several selected conversations at once. Uses the bulk endpoint
// so the change is one request and one authorisation check per conversation.
import { useState } from 'react';
import { conversations } from '../api/endpoints';
import type { Conversation } from '../api/types';
import { useDirectory } from '../app/directory';
import { useMe } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { useToast } from '../ui/Toasts';

export function BulkBar({ ids, onDone, onClear, onSelectAll }: {
  ids: string[];
  onDone: (updated: Conversation[]) => void;
  onClear: () => void;
  onSelectAll: () => void;
}) {
  const { t } = useI18n();
  const me = useMe();
  const dir = useDirectory();
  const toast = useToast();
  const [busy, setBusy] = useState(false);

  const run = async (patch: Parameters<typeof conversations.bulk>[1]) => {
    setBusy(true);
    try {
      const res = await conversations.bulk(ids, patch);
      toast(t('bulk.done', { count: res.updated }));
      onDone([]);
    } catch {
      toast(t('bulk.failed'), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="bulk-bar" role="toolbar" aria-label={t('bulk.toolbar')}>
      <span className="bulk-count">{t('bulk.selected', { count: ids.length })}</span>
      <button type="button" className="btn btn-link" onClick={onSelectAll}>
        {t('bulk.selectAll')}
      </button>
      <span className="spacer" />
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => run({ assigneeId: me.id })}>
        {t('bulk.assignMe')}
      </button>
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => run({ status: 'resolved' })}>
        {t('action.resolve')}
      </button>
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => run({ status: 'open' })}>
        {t('action.reopen')}
      </button>
      {dir.labels.length > 0 && (
        <select
          className="btn-small"
          aria-label={t('bulk.addLabel')}
          value=""
          disabled={busy}
          onChange={(e) => e.target.value && run({ addLabels: [e.target.value] })}
        >
          <option value="">{t('bulk.addLabel')}</option>
          {dir.labels.map((l) => (
            <option key={l.id} value={l.name}>
              {l.name}
            </option>
          ))}
        </select>
      )}
      <button type="button" className="btn btn-small btn-ghost" onClick={onClear}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
