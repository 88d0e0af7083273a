// Import a JSON or CSV file of articles. The server checks every row first and imports all or nothing;
// its report (which row, which field, what is wrong) is shown as it came.
import { useState } from 'react';
import { ApiError } from '../../api/http';
import { useI18n } from '../../i18n/i18n';
import { kb } from './kbApi';

type Report = { ok: true; imported: number } | { ok: false; message: string; rows: [string, string][] };

export function ImportPanel({ onImported }: { onImported: () => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<Report | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setReport(null);
    try {
      const text = await file.text();
      const csv = /\.csv$/i.test(file.name) || file.type === 'text/csv';
      const r = await kb.importFile(text, csv);
      setReport({ ok: true, imported: r.imported });
      onImported();
    } catch (e) {
      if (e instanceof SyntaxError) setReport({ ok: false, message: t('kb.importBadJson'), rows: [] });
      else if (e instanceof ApiError) setReport({ ok: false, message: e.message, rows: Object.entries(e.fields ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]) });
      else setReport({ ok: false, message: t('common.saveFailed'), rows: [] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card kb-panel" aria-labelledby="kb-import-title">
      <h2 id="kb-import-title">{t('kb.import')}</h2>
      <p className="muted small">{t('kb.importHint')}</p>
      <label className="field">
        <span>{t('kb.importFile')}</span>
        <input type="file" accept=".json,.csv,application/json,text/csv" disabled={busy}
          onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void upload(f); }} />
      </label>
      {report?.ok && <p className="notice" role="status">{t('kb.imported', { count: report.imported })}</p>}
      {report && !report.ok && (
        <div className="notice notice-error" role="alert">
          <p>{report.message}</p>
          {report.rows.length > 0 && (
            <ul className="kb-report">
              {report.rows.map(([where, what]) => <li key={where}><strong>{where}</strong>: {what}</li>)}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
