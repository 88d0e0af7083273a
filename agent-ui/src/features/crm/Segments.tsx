import { useEffect, useState } from 'react';
import { getToken } from '../../api/http';
import { useI18n } from '../../i18n/i18n';
import { crm, type Filter } from './api';
import { ConditionRow, defaultCondition } from './ConditionRow';
import { ImportPanel } from './ImportPanel';
import { useLoad } from '../../ui/useLoad';

/** Segment builder with a live count and preview; saved segments with CSV export. */
export function Segments() {
  const { t } = useI18n();
  const meta = useLoad(() => Promise.all([crm.fields(), crm.stages()]));
  const list = useLoad(() => crm.segments());
  const [name, setName] = useState('');
  const [filter, setFilter] = useState<Filter>({ match: 'all', conditions: [defaultCondition('stage')] });
  const [preview, setPreview] = useState<{ total: number; names: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Live count: re-query shortly after the last edit.
  useEffect(() => {
    const t = setTimeout(() => {
      crm.preview(filter).then((r) => { setPreview({ total: r.total, names: r.items.map((c) => c.name ?? c.email ?? c.id) }); setError(null); }, (e: Error) => setError(e.message));
    }, 300);
    return () => clearTimeout(t);
  }, [filter]);

  const save = async () => {
    try { await crm.saveSegment(name, filter); setName(''); list.reload(); } catch (e) { setError((e as Error).message); }
  };
  const download = async (id: string, segmentName: string) => {
    const res = await fetch(`/api/crm/segments/${id}/export.csv`, { headers: getToken() ? { Authorization: `Bearer ${getToken()}` } : {}, credentials: 'same-origin' });
    const url = URL.createObjectURL(await res.blob());
    const a = Object.assign(document.createElement('a'), { href: url, download: `${segmentName}.csv` });
    a.click();
    URL.revokeObjectURL(url);
  };
  const [fields, stages] = meta.data ?? [[], []];

  return (
    <div className="crm-grid">
      <section className="crm-card crm-wide" aria-labelledby="seg-builder">
        <h2 id="seg-builder">{t('crm.segments.new')}</h2>
        <div className="crm-toolbar">
          <label className="field"><span>{t('crm.segments.name')}</span><input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('crm.segments.namePlaceholder')} /></label>
          <label className="field"><span>{t('crm.segments.match')}</span>
            <select value={filter.match} onChange={(e) => setFilter({ ...filter, match: e.target.value as Filter['match'] })}><option value="all">{t('crm.segments.matchAll')}</option><option value="any">{t('crm.segments.matchAny')}</option></select>
          </label>
        </div>
        {filter.conditions.map((c, i) => (
          <ConditionRow key={i} c={c} fields={fields} stages={stages}
            onChange={(next) => setFilter({ ...filter, conditions: filter.conditions.map((x, j) => (j === i ? next : x)) })}
            onRemove={() => setFilter({ ...filter, conditions: filter.conditions.filter((_, j) => j !== i) })} />
        ))}
        <div className="crm-toolbar">
          <button type="button" className="btn btn-small btn-secondary" onClick={() => setFilter({ ...filter, conditions: [...filter.conditions, defaultCondition('score')] })}>{t('crm.segments.addCondition')}</button>
          <output className="crm-count" aria-live="polite" data-testid="segment-count">{preview ? t('crm.contactCount', { count: preview.total }) : '…'}</output>
          <button type="button" className="btn btn-small btn-primary" disabled={!name.trim()} onClick={() => void save()}>{t('crm.segments.save')}</button>
        </div>
        {preview && preview.names.length > 0 && <p className="muted small">{preview.names.join(', ')}{preview.total > preview.names.length ? ' …' : ''}</p>}
        {error && <p className="notice notice-error">{error}</p>}
      </section>
      <section className="crm-card crm-wide">
        <h2>{t('crm.segments.saved')}</h2>
        <ul className="crm-list">
          {list.data?.map((s) => (
            <li key={s.id}>
              <span className="crm-list-title">{s.name}</span>
              <span className="muted small">{t('crm.contactCount', { count: s.count ?? 0 })}</span>
              <span className="crm-actions">
                <button type="button" className="btn btn-tiny btn-secondary" onClick={() => void download(s.id, s.name)}>{t('crm.exportCsv')}</button>
                <button type="button" className="btn btn-tiny btn-ghost" onClick={() => void crm.deleteSegment(s.id).then(list.reload, (e: Error) => setError(e.message))}>{t('common.delete')}</button>
              </span>
            </li>
          ))}
        </ul>
      </section>
      <ImportPanel fields={fields} />
    </div>
  );
}
