// A contact's timeline entry in the agent's language. Entries carry a stable key with its values in `data`
// (`data.key`, `data.params`); built-in stages are translated, the admin's own stage names and typed titles shown
// as typed. Entries written before keys existed are read from their older fields where those say enough, and
// otherwise shown as their stored summary.
import { labelFor, type Translate } from '../../i18n/i18n';
import type { Stage, TimelineItem } from './api';
import { stageName } from './stageName';

type Params = Record<string, unknown>;
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

function reasonText(t: Translate, r: unknown): string | null {
  const reason = r as Params | null;
  if (reason?.key === 'score' && num(reason.score) && num(reason.min)) return t('crm.timeline.reason.score', { score: reason.score, min: reason.min });
  if (reason?.key === 'email') return t('crm.timeline.reason.email');
  return null;
}

/** The entry from its key, or null when the key is unknown here or a value it needs is missing. */
function fromKey(t: Translate, key: string, p: Params, stages: Stage[], locale: string): string | null {
  const stage = (k: unknown) => { const s = stages.find((x) => x.key === k); return s ? stageName(t, s) : str(k); };
  const title = str(p.title);
  switch (key) {
    case 'stage.moved': {
      const from = stage(p.from);
      const to = stage(p.to);
      if (!from || !to) return null;
      const why = p.reason ? reasonText(t, p.reason) : '';
      if (why === null) return null;
      const move = t('crm.timeline.stage', { from, to });
      return why ? `${move} (${why})` : move;
    }
    case 'stage.imported': { const to = stage(p.to); return to ? t('crm.timeline.imported', { stage: to }) : null; }
    case 'score.changed': return num(p.from) && num(p.to) ? t('crm.timeline.score', { from: p.from, to: p.to }) : null;
    case 'task.created': {
      const due = str(p.dueAt) ? new Date(p.dueAt as string) : null;
      if (!title || !due || Number.isNaN(due.getTime())) return null;
      return t('crm.timeline.task.created', { title, due: due.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) });
    }
    case 'task.done': return title ? t('crm.timeline.task.done', { title }) : null;
    case 'task.cancelled': return title ? t('crm.timeline.task.cancelled', { title }) : null;
    case 'campaign.sent': { const name = str(p.name); return name ? t('crm.timeline.campaign', { name }) : null; }
    case 'page.visited': { const page = str(p.title) ?? str(p.url); return page ? t('crm.timeline.visit', { page }) : null; }
    default: return null;
  }
}

export function timelineText(t: Translate, item: TimelineItem, stages: Stage[], locale: string): string {
  const d = item.data;
  const keyed = typeof d.key === 'string' && d.params && typeof d.params === 'object' ? fromKey(t, d.key, d.params as Params, stages, locale) : null;
  if (keyed) return keyed;
  if (item.kind === 'stage' && typeof d.to === 'string' && d.key === undefined) {
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
