// "Test on a past conversation": pick a conversation, see each condition with the value it saw, and the actions
// that would have run. Nothing on the conversation changes.
import { useEffect, useState } from 'react';
import { conversations } from '../../../api/endpoints';
import { http } from '../../../api/http';
import type { Conversation } from '../../../api/types';
import { useI18n } from '../../../i18n/i18n';
import { Field } from '../../../ui/Field';
import { Icon } from '../../../ui/Icon';
import type { FieldDef } from '../../../ui/ConditionBuilder';
import type { RuleAction } from './ActionsEditor';

type Check = { field: string; op: string; value: unknown; actual: unknown; holds: boolean } | { mode: 'all' | 'any'; holds: boolean; items: Check[] };
interface Result { matched: boolean; checks: Check; actions: RuleAction[]; triggerMessage: { body: string } | null }

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  return Array.isArray(v) ? v.join(', ') : String(v);
}

function CheckList({ check, fields }: { check: Check; fields: FieldDef[] }) {
  const { t } = useI18n();
  if ('mode' in check) {
    return (
      <ul className="check-list">
        <li className={check.holds ? 'check-pass' : 'check-fail'}>{t(check.mode === 'all' ? 'ops.rules.dry.all' : 'ops.rules.dry.any')}</li>
        {check.items.map((c, i) => <li key={i}><CheckList check={c} fields={fields} /></li>)}
      </ul>
    );
  }
  const field = fields.find((f) => f.id === check.field);
  const op = field?.ops.find((o) => o.op === check.op)?.label ?? check.op;
  const named = (v: unknown) => field?.options?.find((o) => o.value === v)?.label ?? show(v);
  return (
    <span className={check.holds ? 'check-pass' : 'check-fail'}>
      <Icon name={check.holds ? 'check' : 'x'} size={14} /> {t(check.holds ? 'ops.rules.dry.held' : 'ops.rules.dry.failed')}:{' '}
      <bdi>{field?.label ?? check.field} {op} {named(check.value)}</bdi> · {t('ops.rules.dry.actual', { value: named(check.actual) })}
    </span>
  );
}

export function DryRun({ draft, fields, describeAction }: {
  draft: () => { event: string; name: string; conditions: unknown; actions: RuleAction[] };
  fields: FieldDef[];
  describeAction: (a: RuleAction) => string;
}) {
  const { t } = useI18n();
  const [recent, setRecent] = useState<Conversation[] | null>(null);
  const [conversationId, setConversationId] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    conversations.list({ status: 'all', limit: 25 }).then((p) => { setRecent(p.items); setConversationId(p.items[0]?.id ?? ''); }, (e: Error) => setError(e.message));
  }, []);
  const run = () => {
    setError(null);
    http.post<Result>('/api/rules/dry-run', { rule: draft(), conversationId }).then(setResult, (e: Error) => { setResult(null); setError(e.message); });
  };
  const describe = (c: Conversation) => `${c.contact?.name ?? t('ops.rules.dry.unnamed')} — ${(c.lastMessage?.body ?? '').slice(0, 60)}`;
  return (
    <div className="builder-step">
      <div className="form-row">
        <Field label={t('ops.rules.dry.conversation')} help={t('ops.rules.dry.help')}>
          {(p) => (
            <select {...p} value={conversationId} onChange={(e) => setConversationId(e.target.value)} disabled={!recent?.length}>
              {!recent?.length && <option value="">{t('ops.rules.dry.noConversations')}</option>}
              {recent?.map((c) => <option key={c.id} value={c.id}>{describe(c)}</option>)}
            </select>
          )}
        </Field>
        <button type="button" className="btn btn-secondary" disabled={!conversationId} onClick={run}>{t('ops.rules.dry.run')}</button>
      </div>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {result && (
        <div className="notice" role="status" aria-label={t('ops.rules.dry.result')}>
          <p><strong>{t(result.matched ? 'ops.rules.dry.matched' : 'ops.rules.dry.notMatched')}</strong></p>
          {result.triggerMessage && <p className="small">{t('ops.rules.dry.message', { body: result.triggerMessage.body.slice(0, 140) })}</p>}
          <CheckList check={result.checks} fields={fields} />
          {result.matched && (
            <>
              <p className="small">{t('ops.rules.dry.wouldRun')}</p>
              <ol className="check-list">{result.actions.map((a, i) => <li key={i}>{describeAction(a)}</li>)}</ol>
            </>
          )}
        </div>
      )}
    </div>
  );
}
