// Automation rules: the ordered list with on/off switches, and the builder for a new or an existing rule.
import { useState } from 'react';
import { http } from '../../../api/http';
import { labelFor, useI18n } from '../../../i18n/i18n';
import { Card } from '../../../ui/Card';
import { groupItems } from '../../../ui/ConditionBuilder';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { DataTable } from '../../../ui/DataTable';
import { Icon } from '../../../ui/Icon';
import { Spinner } from '../../../ui/States';
import { useToast } from '../../../ui/Toasts';
import { useLoad } from '../../../ui/useLoad';
import { actionDescriber, RuleEditor, type Rule } from './RuleEditor';
import { useRuleVocabulary } from './vocabulary';

export function RulesView() {
  const { t } = useI18n();
  const toast = useToast();
  const { data, error, reload } = useLoad<{ items: Rule[] }>('/api/rules');
  const vocabulary = useRuleVocabulary();
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  if (!vocabulary) return <section aria-label={t('ops.rules.title')}><Spinner label={t('common.loading')} /></section>;
  const describeAction = actionDescriber(t, vocabulary);
  const toggle = (r: Rule) => http.patch(`/api/rules/${r.id}`, { enabled: !r.enabled }).then(reload, (e: Error) => toast(e.message, 'error'));

  return (
    <section aria-label={t('ops.rules.title')} className="ds-grid">
      {editing ? (
        <Card wide title={editing === 'new' ? t('ops.rules.new') : t('ops.rules.editTitle', { name: editing.name })} description={t('ops.rules.builderHelp')}>
          <RuleEditor rule={editing === 'new' ? null : editing} vocabulary={vocabulary} onCancel={() => setEditing(null)}
            onSaved={() => { setEditing(null); toast(t('ops.rules.saved')); reload(); }} />
        </Card>
      ) : (
        <Card wide title={t('ops.rules.title')} description={t('ops.rules.intro')}
          actions={<button type="button" className="btn btn-primary" onClick={() => setEditing('new')}><Icon name="plus" size={14} />{t('ops.rules.new')}</button>}>
          <DataTable<Rule>
            label={t('ops.rules.title')} rows={data?.items ?? null} error={error} onRetry={reload} rowKey={(r) => r.id}
            empty={{ icon: 'bolt', title: t('ops.rules.empty'), body: t('ops.rules.emptyHelp') }}
            columns={[
              { key: 'name', label: t('ops.rules.name'), rowHeader: true, render: (r) => r.name, sortValue: (r) => r.name },
              { key: 'event', label: t('ops.rules.when'), render: (r) => labelFor(t, 'event', r.event), sortValue: (r) => r.event },
              { key: 'conditions', label: t('ops.rules.if'), numeric: true, render: (r) => t('ops.rules.conditionCount', { count: groupItems(r.conditions).length }) },
              { key: 'actions', label: t('ops.rules.then'), render: (r) => <bdi>{r.actions.map(describeAction).join(' · ')}</bdi> },
              { key: 'enabled', label: t('ops.rules.enabled'), render: (r) => (
                <input type="checkbox" role="switch" className="toggle" checked={r.enabled} aria-label={t('ops.rules.enableNamed', { name: r.name })} onChange={() => void toggle(r)} />
              ) },
              { key: 'edit', label: t('ops.rules.manage'), render: (r) => (
                <div className="row-actions">
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing(r)} aria-label={t('ops.rules.editTitle', { name: r.name })}>{t('common.edit')}</button>
                  <button type="button" className="btn btn-ghost btn-small" onClick={() => setDeleting(r)} aria-label={t('ops.rules.deleteNamed', { name: r.name })}>{t('common.delete')}</button>
                </div>
              ) },
            ]}
          />
        </Card>
      )}
      {deleting && (
        <ConfirmDialog title={t('ops.rules.deleteNamed', { name: deleting.name })} confirmLabel={t('common.delete')} danger
          onClose={() => setDeleting(null)} onConfirm={async () => { await http.del(`/api/rules/${deleting.id}`); reload(); }}>
          <p>{t('ops.rules.deleteConsequence')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
