import { useState } from 'react';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { Card } from '../../ui/Card';
import { Field } from '../../ui/Field';
import { FilePicker } from '../../ui/FilePicker';
import { crm, type Field as CustomField, type ImportReport } from './api';

const TARGETS: [string, MessageKey][] = [
  ['ignore', 'crm.import.ignore'], ['name', 'crm.field.name'], ['first_name', 'crm.import.firstName'], ['last_name', 'crm.import.lastName'],
  ['email', 'crm.field.email'], ['phone', 'crm.field.phone'], ['stage', 'crm.field.stage'],
];

/** Contact CSV import: map columns, dry-run for a report of bad rows, then import. */
export function ImportPanel({ fields }: { fields: CustomField[] }) {
  const { t } = useI18n();
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
    <Card wide title={t('crm.import.title')} description={t('crm.import.help')}>
      <FilePicker label={t('crm.import.file')} accept=".csv,text/csv" onFile={(f) => void f.text().then((text) => { setCsv(text); setReport(null); })} />
      {header.length > 0 && (
        <fieldset className="form-grid">
          <legend className="field-label">{t('crm.import.mapping')}</legend>
          {header.map((h) => (
            <Field key={h} label={t('crm.import.columnOf', { name: h })}>
              {(p) => (
                <select {...p} value={mapping[h] ?? guess(h)} onChange={(e) => setMapping({ ...mapping, [h]: e.target.value })}>
                  {TARGETS.map(([k, l]) => <option key={k} value={k}>{t(l)}</option>)}
                  {fields.filter((f) => f.entity === 'contact').map((f) => <option key={f.key} value={`attr.${f.key}`}>{f.label}</option>)}
                </select>
              )}
            </Field>
          ))}
        </fieldset>
      )}
      <div className="form-row">
        <button type="button" className="btn btn-secondary" disabled={!csv} onClick={() => void run(true)}>{t('crm.import.dryRun')}</button>
        <button type="button" className="btn btn-primary" disabled={!report?.dryRun || report.valid === 0} onClick={() => void run(false)}>
          {report?.dryRun ? t('crm.import.runValid', { count: report.valid }) : t('crm.import.run')}
        </button>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
      {report && (
        <div role="status">
          <p>
            {report.dryRun ? t('crm.import.dryRunDone') : t('crm.import.done', { created: report.created, updated: report.updated })}{' '}
            {t('crm.import.summary', { valid: report.valid, invalid: report.invalid, total: report.total })}
          </p>
          {report.errors.length > 0 && <ul className="crm-errors">{report.errors.slice(0, 100).map((e) => <li key={e.row}>{t('crm.import.rowError', { row: e.row, errors: Object.values(e.errors).join('; ') })}</li>)}</ul>}
        </div>
      )}
    </Card>
  );
}
