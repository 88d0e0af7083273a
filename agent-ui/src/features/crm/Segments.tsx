import { useEffect, useRef, useState } from 'react';
import { downloadFile } from '../../api/http';
import { useI18n } from '../../i18n/i18n';
import { Card } from '../../ui/Card';
import { ConditionBuilder, groupItems, groupMode, newCondition, type Condition, type Group } from '../../ui/ConditionBuilder';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { DataTable, type Column } from '../../ui/DataTable';
import { Field } from '../../ui/Field';
import { Spinner } from '../../ui/States';
import { useLoad } from '../../ui/useLoad';
import { crm, type Filter, type Segment } from './api';
import { ImportPanel } from './ImportPanel';
import { useCrmVocabulary } from './vocabulary';

// The server's segment filter is one flat group: the builder's { all | any } group read back as { match, conditions }.
const toFilter = (g: Group): Filter => ({ match: groupMode(g), conditions: groupItems(g) as Condition[] });

/** Segment builder with a live count and preview; saved segments with CSV export; contact import. */
export function Segments() {
  const { t } = useI18n();
  const vocabulary = useCrmVocabulary();
  const list = useLoad(() => crm.segments());
  const [name, setName] = useState('');
  const [group, setGroup] = useState<Group | null>(null);
  const [preview, setPreview] = useState<{ total: number; names: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Segment | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const filter = group && toFilter(group);

  // Start from the first field (the stage) once the workspace's values are known.
  useEffect(() => { if (vocabulary && !group) setGroup({ all: [newCondition(vocabulary.segment[0])] }); }, [vocabulary, group]);

  // Live count: re-query shortly after the last edit.
  const key = JSON.stringify(filter);
  useEffect(() => {
    if (!filter) return;
    const timer = setTimeout(() => {
      crm.preview(filter).then((r) => { setPreview({ total: r.total, names: r.items.map((c) => c.name ?? c.email ?? c.id) }); setError(null); }, (e: Error) => setError(e.message));
    }, 300);
    return () => clearTimeout(timer);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const save = async () => {
    if (!filter) return;
    try { await crm.saveSegment(name, filter); setName(''); list.reload(); } catch (e) { setError((e as Error).message); }
  };
  const download = async (id: string, segmentName: string) => {
    try { await downloadFile(`/api/crm/segments/${id}/export.csv`, `${segmentName}.csv`); } catch (e) { setError((e as Error).message); }
  };
  const columns: Column<Segment>[] = [
    { key: 'name', label: t('crm.segments.name'), rowHeader: true, sortValue: (s) => s.name, render: (s) => s.name },
    { key: 'count', label: t('crm.segments.members'), numeric: true, sortValue: (s) => s.count ?? 0, render: (s) => t('crm.contactCount', { count: s.count ?? 0 }) },
    { key: 'actions', label: t('crm.segments.actions'), render: (s) => (
      <div className="row-actions">
        <button type="button" className="btn btn-secondary btn-small" aria-label={`${t('crm.exportCsv')}: ${s.name}`} onClick={() => void download(s.id, s.name)}>{t('crm.exportCsv')}</button>
        <button type="button" className="btn btn-ghost btn-small danger" aria-label={t('crm.segments.deleteOf', { name: s.name })} onClick={() => setDeleting(s)}>{t('common.delete')}</button>
      </div>
    ) },
  ];

  return (
    <div className="ds-grid">
      <Card wide title={t('crm.segments.new')} description={t('crm.segments.newHelp')}>
        {!vocabulary || !group ? <Spinner label={t('common.loading')} /> : (
          <>
            <Field label={t('crm.segments.name')}>
              {(p) => <input {...p} ref={nameRef} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('crm.segments.namePlaceholder')} />}
            </Field>
            <ConditionBuilder value={group} onChange={setGroup} fields={vocabulary.segment} nested={false} />
            <div className="form-row">
              <output className="crm-count" aria-live="polite" data-testid="segment-count">{preview ? t('crm.contactCount', { count: preview.total }) : '…'}</output>
              <button type="button" className="btn btn-primary" disabled={!name.trim()} onClick={() => void save()}>{t('crm.segments.save')}</button>
            </div>
            {preview && preview.names.length > 0 && <p className="muted small" data-testid="segment-preview">{preview.names.join(', ')}{preview.total > preview.names.length ? ' …' : ''}</p>}
            {error && <p className="field-error" role="alert">{error}</p>}
          </>
        )}
      </Card>
      <Card wide title={t('crm.segments.saved')}>
        <DataTable label={t('crm.segments.saved')} columns={columns} rows={list.data} rowKey={(s) => s.id} loading={list.loading && !list.data}
          error={list.error} onRetry={list.reload}
          empty={{ icon: 'users', title: t('crm.segments.empty'), body: (
            <>
              <p>{t('crm.segments.emptyHint')}</p>
              <button type="button" className="btn btn-secondary" onClick={() => nameRef.current?.focus()}>{t('crm.segments.start')}</button>
            </>
          ) }} />
      </Card>
      <ImportPanel fields={vocabulary?.fields ?? []} />
      {deleting && (
        <ConfirmDialog title={t('crm.segments.deleteOf', { name: deleting.name })} confirmLabel={t('common.delete')} danger onClose={() => setDeleting(null)}
          onConfirm={() => crm.deleteSegment(deleting.id).then(list.reload)}>
          <p>{t('crm.segments.deleteWhat')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
