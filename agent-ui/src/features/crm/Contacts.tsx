import { useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { Card } from '../../ui/Card';
import { DataTable, type Column } from '../../ui/DataTable';
import { Field } from '../../ui/Field';
import { useLoad } from '../../ui/useLoad';
import { crm, type CrmContact, type Filter } from './api';
import { ContactDetail } from './ContactDetail';
import { stageName } from './stageName';

// The highest-scored contacts matching the filters; the table sorts them in place.
const PAGE = 200;

/** Contacts with stage and score, filterable by stage and minimum score, sortable; pick one for the record. */
export function Contacts() {
  const { t, locale } = useI18n();
  const stages = useLoad(() => crm.stages());
  const [stage, setStage] = useState('');
  const [minScore, setMinScore] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const filter: Filter = { match: 'all', conditions: [
    ...(stage ? [{ field: 'stage', op: 'in', value: [stage] }] : []),
    ...(minScore ? [{ field: 'score', op: 'gte', value: Number(minScore) }] : []),
  ] };
  const { data, error, loading, reload } = useLoad(() => crm.query(filter, 'score', PAGE), [stage, minScore]);
  const stageLabel = (key: string) => { const s = stages.data?.find((x) => x.key === key); return s ? stageName(t, s) : key; };
  const name = (c: CrmContact) => c.name ?? c.email ?? c.phone ?? t('crm.visitor');
  const columns: Column<CrmContact>[] = [
    { key: 'name', label: t('crm.field.name'), rowHeader: true, sortValue: name,
      render: (c) => <button type="button" className="btn-link" aria-pressed={selected === c.id} onClick={() => setSelected(c.id)}>{name(c)}</button> },
    { key: 'company', label: t('crm.field.company'), sortValue: (c) => c.company?.name ?? null, render: (c) => c.company?.name ?? '' },
    { key: 'stage', label: t('crm.field.stage'), sortValue: (c) => stages.data?.find((s) => s.key === c.stage)?.position ?? null, render: (c) => stageLabel(c.stage) },
    { key: 'score', label: t('crm.field.score'), numeric: true, sortValue: (c) => c.score,
      render: (c) => <span title={c.scoreReasons.map((r) => `${r.name}: ${r.points}`).join('\n')}>{c.score}</span> },
    { key: 'lastSeen', label: t('crm.field.lastSeen'), sortValue: (c) => c.lastSeenAt, render: (c) => (c.lastSeenAt ? new Date(c.lastSeenAt).toLocaleDateString(locale, { dateStyle: 'medium' }) : '') },
  ];
  return (
    <div className="crm-split">
      <Card title={t('crm.nav.contacts')} description={data ? t('crm.contacts.shown', { shown: data.items.length, count: data.total }) : undefined}>
        <div className="form-row">
          <Field label={t('crm.field.stage')}>
            {(p) => <select {...p} value={stage} onChange={(e) => setStage(e.target.value)}><option value="">{t('crm.contacts.allStages')}</option>{stages.data?.map((s) => <option key={s.key} value={s.key}>{stageName(t, s)}</option>)}</select>}
          </Field>
          <Field label={t('crm.contacts.minScore')}>{(p) => <input {...p} type="number" value={minScore} onChange={(e) => setMinScore(e.target.value)} />}</Field>
        </div>
        <DataTable label={t('crm.nav.contacts')} columns={columns} rows={data?.items ?? null} rowKey={(c) => c.id} loading={loading && !data}
          error={error} onRetry={reload} initialSort={{ key: 'score', dir: 'desc' }} maxHeight="60vh"
          empty={{ icon: 'users', title: t('crm.contacts.empty'), body: stage || minScore ? t('crm.contacts.emptyFiltered') : t('crm.contacts.emptyHint') }} />
      </Card>
      {selected && <ContactDetail id={selected} onChanged={reload} />}
    </div>
  );
}
