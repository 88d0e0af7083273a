// The built-in lifecycle stages are shown in the agent's language; a stage the admin added or renamed keeps the
// name as typed. A built-in stage counts as untouched while its stored label is still the English default.
import type { MessageKey, Translate } from '../../i18n/i18n';

const BUILT_IN: Record<string, string> = { visitor: 'Visitor', lead: 'Lead', qualified: 'Qualified', customer: 'Customer', loyal: 'Loyal' };

export function stageName(t: Translate, stage: { key: string; label: string }): string {
  return Object.hasOwn(BUILT_IN, stage.key) && BUILT_IN[stage.key] === stage.label ? t(`crm.stage.${stage.key}` as MessageKey) : stage.label;
}
