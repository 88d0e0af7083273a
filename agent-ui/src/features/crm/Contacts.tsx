import { useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { crm, type Filter } from './api';
import { ContactDetail } from './ContactDetail';
import { useLoad } from '../../ui/useLoad';

/** Contacts with stage and score, filterable by stage and minimum score, sortable; click for the record. */
export function Contacts() {
  const { t } = useI18n();
  const stages = useLoad(() => crm.stages());
  const [stage, setStage] = useState('');
  const [minScore, setMinScore] = useState('');
  const [sort, setSort] = useState('score');
  const [selected, setSelected] = useState<string | null>(null);
  const filter: Filter = { match: 'all', conditions: [
    ...(stage ? [{ field: 'stage', op: 'in', value: [stage] }] : []),
    ...(minScore ? [{ field: 'score', op: 'gte', value: Number(minScore) }] : []),
  ] };
  const { data, error, reload } = useLoad(() => crm.query(filter, sort), [stage, minScore, sort]);
  const label = (key: string) => stages.data?.find((s) => s.key === key)?.label ?? key;
  return (
    <div className="crm-split">
      <section className="crm-card">
        <div className="crm-toolbar">
          <label className="field"><span>{t('crm.field.stage')}</span>
            <select value={stage} onChange={(e) => setStage(e.target.value)}><option value="">{t('crm.contacts.allStages')}</option>{stages.data?.map((s) => <option key={s.key} value={s.key}>{s.label}</option>)}</select>
          </label>
          <label className="field"><span>{t('crm.contacts.minScore')}</span><input type="number" value={minScore} onChange={(e) => setMinScore(e.target.value)} /></label>
          <label className="field"><span>{t('crm.contacts.sort')}</span>
            <select value={sort} onChange={(e) => setSort(e.target.value)}>
              <option value="score">{t('crm.field.score')}</option><option value="lastSeen">{t('crm.field.lastSeen')}</option>
              <option value="name">{t('crm.field.name')}</option><option value="created">{t('crm.contacts.newest')}</option>
            </select>
          </label>
          <span className="muted small">{data ? t('crm.contactCount', { count: data.total }) : '…'}</span>
        </div>
        {error && <p className="notice notice-error">{error}</p>}
        <table className="crm-table">
          <thead><tr><th>{t('crm.field.name')}</th><th>{t('crm.field.company')}</th><th>{t('crm.field.stage')}</th><th>{t('crm.field.score')}</th></tr></thead>
          <tbody>
            {data?.items.map((c) => (
              <tr key={c.id} aria-selected={selected === c.id}>
                <td><button type="button" className="btn-link" onClick={() => setSelected(c.id)}>{c.name ?? c.email ?? c.phone ?? t('crm.visitor')}</button></td>
                <td>{c.company?.name ?? ''}</td><td>{label(c.stage)}</td>
                <td title={c.scoreReasons.map((r) => `${r.name}: ${r.points}`).join('\n')}>{c.score}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {selected && <ContactDetail id={selected} onChanged={reload} />}
    </div>
  );
}
