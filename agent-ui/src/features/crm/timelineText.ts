// A contact's timeline entry in the agent's language where its data says enough: stage moves (built-in stages
// translated, the admin's own names as typed), score changes and conversations without a subject. Entries whose
// words live only in the stored summary (a task's or campaign's title) are shown as stored.
import { labelFor, type Translate } from '../../i18n/i18n';
import type { Stage, TimelineItem } from './api';
import { stageName } from './stageName';

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function timelineText(t: Translate, item: TimelineItem, stages: Stage[]): string {
  const d = item.data;
  if (item.kind === 'stage' && typeof d.to === 'string') {
    const name = (key: unknown) => { const s = stages.find((x) => x.key === key); return s ? stageName(t, s) : String(key ?? '—'); };
    const move = t('crm.timeline.stage', { from: name(d.from), to: name(d.to) });
    return typeof d.reason === 'string' && d.reason ? `${move} (${d.reason})` : move;
  }
  if (item.kind === 'score' && num(d.from) && num(d.to)) return t('crm.timeline.score', { from: d.from, to: d.to });
  if (item.kind === 'conversation') {
    const inbox = String(d.inbox ?? '');
    const summary = item.summary === `Conversation on ${inbox}` ? t('crm.timeline.conversationOn', { inbox }) : item.summary;
    return `${summary} (${labelFor(t, 'channel', String(d.channel))}, ${labelFor(t, 'status', String(d.status))})`;
  }
  return item.summary;
}
