// A report row's group as people read it: the total and "nobody" in the agent's language, channels by their
// translated name, inboxes, agents and teams by name instead of id. Days and labels are shown as they are.
import type { Directory } from '../../app/directory';
import { labelFor, type Translate } from '../../i18n/i18n';

export type ReportGroup = 'none' | 'day' | 'inbox' | 'channel' | 'agent' | 'team' | 'label';

export function reportKeyLabel(t: Translate, dir: Directory, group: ReportGroup, key: string): string {
  if (group === 'none') return t('ops.reports.key.all');
  if (group === 'channel') return labelFor(t, 'channel', key);
  if ((group === 'agent' || group === 'team') && key === 'none') return t(group === 'agent' ? 'ops.reports.key.noAgent' : 'ops.reports.key.noTeam');
  if (group === 'inbox') return dir.inboxById.get(key)?.name ?? key;
  if (group === 'agent') return dir.agentById.get(key)?.name ?? key;
  if (group === 'team') return dir.teams.find((x) => x.id === key)?.name ?? key;
  return key;
}
