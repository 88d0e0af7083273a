import { useState } from 'react';
import { crm, type Field, type ImportReport } from './api';

const TARGETS = [['ignore', 'Ignore'], ['name', 'Name'], ['first_name', 'First name'], ['last_name', 'Last name'], ['email', 'E-mail'], ['phone', 'Phone'], ['stage', 'Stage']];

/** Contact CSV import: map columns, dry-run for a report of bad rows, then import. */
export function ImportPanel({ fields }: { fields: Field[] }) {
  const [csv, setCsv] = useState('');
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const header = csv.split(/\r?\n/)[0]?.split(',').map((h) => h.trim().replace(/^"|"$/g, '')).filter(Boolean) ?? [];
  const guess = (h: string) => {
    const k = h.toLowerCase().replace(/[^a-z]/g, '');
    return k.includes('mail') ? 'email' : k.includes('phone') || k.includes('mobile') ? 'phone' : k === 'name' ? 'name' : k.includes('first') ? 'first_name' : k.includes('last') ? 'last_name' : k === 'stage' ? 'stage' : fields.find((f) => f.key === k) ? `attr.${k}` : 'ignore';
  };
  const run = async (dryRun: boolean) => {
    try {
      setReport(await crm.importCsv(csv, Object.fromEntries(header.map((h) => [h, mapping[h] ?? guess(h)])), dryRun));
      setError(null);
    } catch (e) { setError((e as Error).message); }
  };
  return (
    <section className="crm-card crm-wide">
      <h2>Import contacts (CSV)</h2>
      <input type="file" accept=".csv,text/csv" aria-label="CSV file" onChange={(e) => void e.target.files?.[0]?.text().then((t) => { setCsv(t); setReport(null); })} />
      {header.length > 0 && (
        <div className="crm-mapping">
          {header.map((h) => (
            <label key={h} className="field"><span>{h}</span>
              <select value={mapping[h] ?? guess(h)} onChange={(e) => setMapping({ ...mapping, [h]: e.target.value })}>
                {TARGETS.map(([k, l]) => <option key={k} value={k}>{l}</option>)}
                {fields.filter((f) => f.entity === 'contact').map((f) => <option key={f.key} value={`attr.${f.key}`}>{f.label}</option>)}
              </select>
            </label>
          ))}
        </div>
      )}
      <div className="crm-toolbar">
        <button type="button" className="btn btn-small btn-secondary" disabled={!csv} onClick={() => void run(true)}>Dry run</button>
        <button type="button" className="btn btn-small btn-primary" disabled={!report?.dryRun || report.valid === 0} onClick={() => void run(false)}>Import {report?.valid ?? ''} valid rows</button>
      </div>
      {error && <p className="notice notice-error">{error}</p>}
      {report && (
        <div role="status">
          <p>{report.dryRun ? 'Dry run: nothing written. ' : `Imported: ${report.created} new, ${report.updated} updated. `}{report.valid} valid, {report.invalid} with errors of {report.total}.</p>
          {report.errors.length > 0 && <ul className="crm-errors">{report.errors.slice(0, 100).map((e) => <li key={e.row}>Row {e.row}: {Object.values(e.errors).join('; ')}</li>)}</ul>}
        </div>
      )}
    </section>
  );
}
