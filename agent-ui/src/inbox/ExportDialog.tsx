// Export the list as it is filtered: the server runs the export as a background job; this dialog shows its
// progress and then a download link (the session cookie authorises the download, so the browser saves it itself).
import { useEffect, useState } from 'react';
import { conversations as api } from '../api/endpoints';
import { ApiError } from '../api/http';
import type { ConversationExport } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { Modal } from '../ui/Modal';
import { toQuery, type ListFilter } from './filters';

const POLL_MS = 700;

function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${Math.max(1, Math.round(n / 1024))} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function ExportDialog({ filter, onClose }: { filter: ListFilter; onClose: () => void }) {
  const { t } = useI18n();
  const [format, setFormat] = useState<'csv' | 'jsonl'>('csv');
  const [job, setJob] = useState<ConversationExport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed') return;
    const timer = setTimeout(() => {
      api.exportStatus(job.statusUrl).then(setJob).catch((e) => setError(e instanceof ApiError ? e.message : t('export.failed')));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job, t]);

  const start = async () => {
    setError(null);
    try {
      setJob(await api.startExport(format, toQuery(filter)));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('export.failed'));
    }
  };

  const running = job && (job.status === 'queued' || job.status === 'running');
  return (
    <Modal title={t('export.title')} onClose={onClose} closeLabel={t('common.close')}>
      <p className="muted">{t('export.explain')}</p>
      <fieldset className="export-formats" disabled={Boolean(job)}>
        <legend>{t('export.format')}</legend>
        <label className="check-row"><input type="radio" name="export-format" checked={format === 'csv'} onChange={() => setFormat('csv')} /> {t('export.csv')}</label>
        <label className="check-row"><input type="radio" name="export-format" checked={format === 'jsonl'} onChange={() => setFormat('jsonl')} /> {t('export.jsonl')}</label>
      </fieldset>
      {job && (
        <div role="status" aria-live="polite" className="export-progress">
          {running && (
            <>
              <progress max={job.total || 1} value={job.processed} aria-label={t('export.progressLabel')} />
              <p>{job.total === null ? t('export.queued') : t('export.progress', { processed: job.processed, total: job.total })}</p>
            </>
          )}
          {job.status === 'done' && (
            <p>
              {t('export.ready', { total: job.total ?? job.processed, size: formatBytes(job.bytes) })}{' '}
              <a className="btn btn-primary" href={job.downloadUrl!} download data-testid="export-download">{t('export.download')}</a>
            </p>
          )}
          {job.status === 'failed' && <p className="notice notice-error">{t('export.jobFailed', { error: job.error ?? '' })}</p>}
        </div>
      )}
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      <div className="modal-actions">
        <button type="button" className="btn btn-secondary" onClick={onClose}>{t('common.close')}</button>
        {!job && <button type="button" className="btn btn-primary" onClick={() => void start()}>{t('export.start')}</button>}
      </div>
    </Modal>
  );
}
