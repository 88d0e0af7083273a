// Settings → Import: moving in from another tool. The admin picks a JSON Lines file (the export format, described
// in the README), runs a dry run that reports every line, then imports. Importing again changes nothing for
// conversations already here (matched on their external id).
import { useState } from 'react';
import { conversations as api } from '../api/endpoints';
import { ApiError } from '../api/http';
import type { ImportLine, ImportReport } from '../api/types';
import { useDirectory } from '../app/directory';
import { useI18n } from '../i18n/i18n';
import { Card } from '../ui/Card';
import { DataTable } from '../ui/DataTable';
import { Field } from '../ui/Field';
import { PageHeader } from '../ui/PageHeader';

export function ConversationImport() {
  const { t } = useI18n();
  const dir = useDirectory();
  const [file, setFile] = useState<File | null>(null);
  const [inboxId, setInboxId] = useState('');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setReport(await api.importLines(file, { dryRun, inboxId: inboxId || undefined }));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('import.failed'));
    } finally {
      setBusy(false);
    }
  };

  const s = report?.summary;
  return (
    <>
      <PageHeader title={t('import.title')} description={t('import.description')} />
      <Card title={t('import.fileCard')}>
        <Field label={t('import.file')} help={t('import.fileHelp')}>
          {(p) => (
            <input {...p} type="file" accept=".jsonl,.ndjson,application/x-ndjson" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setReport(null); }} />
          )}
        </Field>
        <Field label={t('import.inbox')} help={t('import.inboxHelp')}>
          {(p) => (
            <select {...p} value={inboxId} onChange={(e) => { setInboxId(e.target.value); setReport(null); }}>
              <option value="">{t('import.inboxMatch')}</option>
              {dir.inboxes.map((i) => <option key={i.id} value={i.id}>{i.name}</option>)}
            </select>
          )}
        </Field>
        <div className="form-actions">
          <button type="button" className="btn btn-secondary" disabled={!file || busy} onClick={() => void run(true)}>{t('import.dryRun')}</button>
          <button type="button" className="btn btn-primary" disabled={!report?.dryRun || busy || report.summary.errors === report.summary.lines} onClick={() => void run(false)}>
            {t('import.run')}
          </button>
        </div>
        {error && <p className="notice notice-error" role="alert">{error}</p>}
      </Card>
      {report && s && (
        <Card title={report.dryRun ? t('import.dryRunReport') : t('import.report')}>
          <p role="status" data-testid="import-summary">
            {t(report.dryRun ? 'import.summaryDry' : 'import.summary', { lines: s.lines, created: s.created, updated: s.updated, unchanged: s.unchanged, errors: s.errors })}
          </p>
          <DataTable<ImportLine>
            label={t('import.lines')}
            rows={report.lines}
            rowKey={(l) => String(l.line)}
            empty={{ icon: 'inbox', title: t('import.emptyFile') }}
            maxHeight="420px"
            columns={[
              { key: 'line', label: t('import.colLine'), numeric: true, rowHeader: true, render: (l) => l.line, sortValue: (l) => l.line },
              { key: 'status', label: t('import.colStatus'), render: (l) => t(`import.status.${l.status}`), sortValue: (l) => l.status },
              { key: 'id', label: t('import.colExternalId'), render: (l) => l.externalId ?? '' },
              { key: 'errors', label: t('import.colProblems'), render: (l) => (l.errors ?? []).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ') },
            ]}
          />
        </Card>
      )}
    </>
  );
}
