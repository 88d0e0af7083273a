// Stored lines rendered from their keys: the thread's assignment lines and the contact timeline's entries, in
// English and Persian from the real locale files, and the stored English when a key or a value is missing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { format, type MessageKey, type Translate } from '../../agent-ui/src/i18n/i18n';
import { systemLineText } from '../../agent-ui/src/thread/systemLines';
import { timelineText } from '../../agent-ui/src/features/crm/timelineText';
import type { Stage, TimelineItem } from '../../agent-ui/src/features/crm/api';

const dict = (l: string) => JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../agent-ui/src/i18n/locales', `${l}.json`), 'utf8')) as Record<string, string>;
const en = dict('en');
const fa = { ...en, ...dict('fa') };
const translator = (d: Record<string, string>): Translate => (key: MessageKey, vars) => format(d[key] ?? key, vars);
const tEn = translator(en);
const tFa = translator(fa);

const assigned = (params: Record<string, unknown>) => ({ event: 'conversation.assigned', params });
const team = (params: Record<string, unknown>) => ({ event: 'conversation.team_assigned', params });
const ana = { assigneeId: 'a1', assigneeName: 'Ana' };
const byAdmin = { by: 'agent', byId: 'x', byName: 'Admin' };

describe('assignment lines', () => {
  it('says assigned, reassigned and unassigned, and who did it', () => {
    const line = (meta: Record<string, unknown>) => systemLineText(meta, 'stored', tEn, 'en');
    expect(line(assigned({ ...ana, previousAssigneeId: null, previousAssigneeName: null, ...byAdmin }))).toBe('Assigned to Ana by Admin');
    expect(line(assigned({ ...ana, previousAssigneeId: 'b1', previousAssigneeName: 'Bo', by: 'rule', byId: 'r', byName: 'VIP' }))).toBe('Reassigned from Bo to Ana by rule “VIP”');
    expect(line(assigned({ assigneeId: null, assigneeName: null, previousAssigneeId: 'a1', previousAssigneeName: 'Ana', by: 'auto', byId: null, byName: null }))).toBe('Unassigned from Ana automatically');
    expect(line(team({ teamId: 't1', teamName: 'Billing', previousTeamId: null, previousTeamName: null, by: 'bot', byId: null, byName: null }))).toBe('Moved to team Billing by the bot');
    expect(line(team({ teamId: 't2', teamName: 'Sales', previousTeamId: 't1', previousTeamName: 'Billing', by: 'system', byId: null, byName: null }))).toBe('Moved from team Billing to Sales');
    expect(line(team({ teamId: null, teamName: null, previousTeamId: 't1', previousTeamName: 'Billing', ...byAdmin }))).toBe('Removed from team Billing by Admin');
  });

  it('reads in Persian with the names as stored', () => {
    const text = systemLineText(assigned({ ...ana, previousAssigneeId: 'b1', previousAssigneeName: 'Bo', ...byAdmin }), 'stored', tFa, 'fa');
    expect(text).toBe(format(fa['systemLine.by.agent'], { what: format(fa['systemLine.assign.moved'], { from: 'Bo', to: 'Ana' }), name: 'Admin' }));
    expect(text).not.toMatch(/Reassigned|by/);
  });

  it('falls back to the stored body when a name it needs is missing, and drops an unnamed doer', () => {
    expect(systemLineText(assigned({ assigneeId: 'a1', assigneeName: null, previousAssigneeId: null, previousAssigneeName: null, ...byAdmin }), 'stored', tEn, 'en')).toBe('stored');
    expect(systemLineText(assigned({}), 'stored', tEn, 'en')).toBe('stored');
    expect(systemLineText(assigned({ ...ana, by: 'rule', byId: 'r', byName: null }), 'stored', tEn, 'en')).toBe('Assigned to Ana');
    expect(systemLineText({ event: 'conversation.unknown', params: {} }, 'stored', tEn, 'en')).toBe('stored');
  });
});

const stages: Stage[] = [
  { key: 'visitor', label: 'Visitor' }, { key: 'lead', label: 'Lead' }, { key: 'vip', label: 'VIP club' },
] as Stage[];
const entry = (kind: string, summary: string, data: Record<string, unknown>): TimelineItem => ({ id: 'e', kind, summary, data, actor: { type: 'agent' }, at: '2026-03-01T10:00:00Z' });

describe('timeline entries', () => {
  it('renders every key in English and Persian from its values', () => {
    const dueAt = '2026-03-02T09:30:00.000Z';
    const cases: [TimelineItem, string, string][] = [
      [entry('stage', 'x', { key: 'stage.moved', params: { from: 'visitor', to: 'lead', reason: { key: 'email' } } }),
        'Stage Visitor → Lead (left an e-mail address)', `${format(fa['crm.timeline.stage'], { from: fa['crm.stage.visitor'], to: fa['crm.stage.lead'] })} (${fa['crm.timeline.reason.email']})`],
      [entry('stage', 'x', { key: 'stage.moved', params: { from: 'lead', to: 'vip', reason: { key: 'score', score: 80, min: 60 } } }),
        'Stage Lead → VIP club (score 80 ≥ 60)', `${format(fa['crm.timeline.stage'], { from: fa['crm.stage.lead'], to: 'VIP club' })} (${format(fa['crm.timeline.reason.score'], { score: 80, min: 60 })})`],
      [entry('stage', 'x', { key: 'stage.imported', params: { to: 'lead' } }), 'Imported as Lead', format(fa['crm.timeline.imported'], { stage: fa['crm.stage.lead'] })],
      [entry('score', 'x', { key: 'score.changed', params: { from: 10, to: 40 } }), 'Score 10 → 40', format(fa['crm.timeline.score'], { from: 10, to: 40 })],
      [entry('task', 'x', { key: 'task.created', params: { title: 'Call Mina', dueAt } }),
        `Task: Call Mina (due ${new Date(dueAt).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' })})`,
        format(fa['crm.timeline.task.created'], { title: 'Call Mina', due: new Date(dueAt).toLocaleString('fa', { dateStyle: 'medium', timeStyle: 'short' }) })],
      [entry('task', 'x', { key: 'task.done', params: { title: 'Call Mina' } }), 'Task done: Call Mina', format(fa['crm.timeline.task.done'], { title: 'Call Mina' })],
      [entry('task', 'x', { key: 'task.cancelled', params: { title: 'Call Mina' } }), 'Task cancelled: Call Mina', format(fa['crm.timeline.task.cancelled'], { title: 'Call Mina' })],
      [entry('campaign', 'x', { key: 'campaign.sent', params: { name: 'Pro seats', channel: 'sms' } }), 'Campaign “Pro seats” sent', format(fa['crm.timeline.campaign'], { name: 'Pro seats' })],
      [entry('page_visit', 'x', { key: 'page.visited', params: { url: 'https://shop.test/p', title: null } }), 'Visited https://shop.test/p', format(fa['crm.timeline.visit'], { page: 'https://shop.test/p' })],
    ];
    for (const [item, english, persian] of cases) {
      expect(timelineText(tEn, item, stages, 'en')).toBe(english);
      expect(timelineText(tFa, item, stages, 'fa')).toBe(persian);
      expect(persian).not.toBe(english);
    }
  });

  it('shows a note as typed, and old or incomplete rows as their stored summary', () => {
    expect(timelineText(tFa, entry('note', 'Called, no answer', { key: 'note.added', params: {} }), stages, 'fa')).toBe('Called, no answer');
    expect(timelineText(tFa, entry('task', 'Task: Call Mina', { taskId: 't', event: 'created' }), stages, 'fa')).toBe('Task: Call Mina');
    expect(timelineText(tEn, entry('task', 'Task: Call Mina', { key: 'task.created', params: { title: 'Call Mina' } }), stages, 'en')).toBe('Task: Call Mina');
    expect(timelineText(tEn, entry('campaign', 'Campaign "A" sent', { key: 'campaign.unknown', params: {} }), stages, 'en')).toBe('Campaign "A" sent');
    // A stage row written before keys: its from/to still read in the agent's language.
    expect(timelineText(tFa, entry('stage', 'Visitor → Lead', { from: 'visitor', to: 'lead', reason: null }), stages, 'fa'))
      .toBe(format(fa['crm.timeline.stage'], { from: fa['crm.stage.visitor'], to: fa['crm.stage.lead'] }));
  });
});
