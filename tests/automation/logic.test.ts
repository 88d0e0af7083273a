import { describe, expect, it } from 'vitest';
import { pickAssignee, type Candidate } from '../../server/automation/assignment-picker.js';
import { addBusinessMinutes, businessSecondsBetween, isOpen, type Schedule } from '../../server/automation/business-hours.js';
import { groupHolds, type RuleFacts } from '../../server/automation/rules-conditions.js';
import { computeDeadlines, targetStates } from '../../server/automation/sla.js';
import { isPrivateAddress, refuseTarget } from '../../channels/kit/ssrf.js';
import { verifySwitchboardWebhook } from '../../server/automation/webhook-verify-snippet.js';
import { signedHeaders } from '../../channels/kit/signing.js';

// Mon–Fri 09:00–17:00 in New York. 2024-03-08 is a Friday; clocks spring forward on Sunday 2024-03-10.
const newYork: Schedule = { timeZone: 'America/New_York', weekly: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })), holidays: [] };
const fridayLate = new Date('2024-03-08T21:30:00Z'); // 16:30 EST

describe('business hours', () => {
  it('carries an hour of work from Friday 16:30 over the weekend (and the DST change) to Monday 09:30 EDT', () => {
    expect(addBusinessMinutes(newYork, fridayLate, 60)?.toISOString()).toBe('2024-03-11T13:30:00.000Z');
    expect(businessSecondsBetween(newYork, fridayLate, new Date('2024-03-11T13:30:00Z'))).toBe(3600);
    expect(isOpen(newYork, new Date('2024-03-09T15:00:00Z'))).toBe(false); // Saturday
    expect(isOpen(newYork, new Date('2024-03-11T13:00:00Z'))).toBe(true); // Monday 09:00 EDT
  });
  it('skips holidays and treats an empty schedule as always open', () => {
    expect(addBusinessMinutes({ ...newYork, holidays: ['2024-03-11'] }, fridayLate, 60)?.toISOString()).toBe('2024-03-12T13:30:00.000Z');
    expect(addBusinessMinutes(null, fridayLate, 60)?.toISOString()).toBe('2024-03-08T22:30:00.000Z');
  });
  it('works in a zone east of UTC (Bangkok, no DST)', () => {
    const bangkok: Schedule = { timeZone: 'Asia/Bangkok', weekly: [{ day: 1, open: '08:00', close: '12:00' }], holidays: [] };
    // Sunday 23:00 UTC is Monday 06:00 in Bangkok; the first open minute is 08:00 local = 01:00 UTC.
    expect(addBusinessMinutes(bangkok, new Date('2024-03-10T23:00:00Z'), 30)?.toISOString()).toBe('2024-03-11T01:30:00.000Z');
  });
});

describe('SLA timers', () => {
  const policy = { firstResponseMinutes: 60, nextResponseMinutes: null, resolutionMinutes: 600, businessHours: true };
  const conversation = { createdAt: fridayLate, firstReplyAt: null, waitingSince: fridayLate, status: 'open' };
  const deadlines = computeDeadlines(policy, newYork, conversation);
  const state = (at: string) => targetStates(policy, newYork, deadlines, new Date(at)).find((t) => t.target === 'first_response')!;

  it('counts time left in business time, breaches after the deadline', () => {
    expect(deadlines.first_response?.toISOString()).toBe('2024-03-11T13:30:00.000Z');
    expect(state('2024-03-08T21:45:00Z')).toMatchObject({ secondsLeft: 3600 - 900, state: 'ok' }); // Friday 16:45
    expect(state('2024-03-09T12:00:00Z')).toMatchObject({ secondsLeft: 1800, state: 'ok' }); // Saturday: the Friday half hour is gone, Monday's remains
    expect(state('2024-03-10T20:00:00Z')).toMatchObject({ secondsLeft: 1800, state: 'ok' }); // Sunday: the weekend does not count
    expect(state('2024-03-11T13:10:00Z')).toMatchObject({ secondsLeft: 1200, state: 'ok' });
    expect(state('2024-03-11T13:20:00Z')).toMatchObject({ secondsLeft: 600, state: 'at_risk' });
    expect(state('2024-03-11T13:31:00Z')).toMatchObject({ state: 'breached' });
  });
  it('stops the first-response timer once an agent replied', () => {
    expect(computeDeadlines(policy, newYork, { ...conversation, firstReplyAt: new Date() }).first_response).toBeNull();
  });
});

/** Deterministic pseudo-random numbers so the simulation is the same every run. */
function prng(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

function simulate(agents: { id: string; capacity: number | null }[], mode: 'round_robin' | 'balanced', total: number) {
  const random = prng(42);
  const open = new Map(agents.map((a) => [a.id, 0]));
  const assigned = new Map(agents.map((a) => [a.id, 0]));
  const turns = new Map<string, number>();
  let turn = 0;
  let overCapacity = 0;
  let queued = 0;
  for (let i = 0; i < total; i++) {
    // Between arrivals each open conversation is finished with the same chance, so busy agents free up more often.
    for (const a of agents) {
      let n = open.get(a.id)!;
      for (let k = open.get(a.id)!; k > 0; k--) if (random() < 0.2) n--;
      open.set(a.id, n);
    }
    const candidates: Candidate[] = agents.map((a) => ({ agentId: a.id, openCount: open.get(a.id)!, capacity: a.capacity, turn: turns.get(a.id) ?? -1 }));
    const chosen = pickAssignee(candidates, mode);
    if (!chosen) { queued++; continue; }
    open.set(chosen, open.get(chosen)! + 1);
    assigned.set(chosen, assigned.get(chosen)! + 1);
    turns.set(chosen, turn++);
    if (agents.find((a) => a.id === chosen)!.capacity! < open.get(chosen)!) overCapacity++;
  }
  return { assigned, overCapacity, queued };
}

describe('assignment fairness over 1 000 simulated conversations', () => {
  it('round-robin gives every online agent the same share (±1)', () => {
    const { assigned } = simulate(['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, capacity: null })), 'round_robin', 1000);
    const counts = [...assigned.values()];
    expect(counts.reduce((s, n) => s + n, 0)).toBe(1000);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });
  it('balanced mode never exceeds capacity and shares work in proportion to capacity', () => {
    const agents = [{ id: 'a', capacity: 1 }, { id: 'b', capacity: 2 }, { id: 'c', capacity: 4 }];
    const { assigned, overCapacity, queued } = simulate(agents, 'balanced', 1000);
    expect(overCapacity).toBe(0);
    const a = assigned.get('a')!;
    const c = assigned.get('c')!;
    expect(a + assigned.get('b')! + c + queued).toBe(1000);
    expect(c).toBeGreaterThan(assigned.get('b')!);
    expect(assigned.get('b')!).toBeGreaterThan(a);
  });
  it('skips an agent at capacity and breaks ties the same way every time', () => {
    const list: Candidate[] = [{ agentId: 'b', openCount: 0, capacity: 3, turn: -1 }, { agentId: 'a', openCount: 3, capacity: 3, turn: -1 }];
    expect(pickAssignee(list, 'round_robin')).toBe('b');
    expect(pickAssignee([{ ...list[0], agentId: 'z' }, { ...list[0], agentId: 'y' }], 'round_robin')).toBe('y');
    expect(pickAssignee([{ ...list[1] }], 'balanced')).toBeNull();
  });
});

describe('rule conditions', () => {
  const facts: RuleFacts = {
    channel: 'sms', inboxId: 'i1', text: 'I want a REFUND please', language: 'th', labels: ['vip', 'billing'], priority: 'none', status: 'open',
    assigneeId: null, teamId: null, messageDirection: 'incoming', contact: { attributes: { plan: 'gold' }, stage: 'customer', score: 72 },
    businessHours: false, csat: null, sla: null,
  };
  it('combines AND and OR, nested', () => {
    expect(groupHolds(facts, { all: [{ field: 'text', op: 'contains', value: 'refund' }, { any: [{ field: 'channel', op: 'eq', value: 'email' }, { field: 'labels', op: 'contains', value: 'VIP' }] }] })).toBe(true);
    expect(groupHolds(facts, { all: [{ field: 'text', op: 'contains', value: 'refund' }, { field: 'businessHours', op: 'eq', value: true }] })).toBe(false);
    expect(groupHolds(facts, { any: [{ field: 'contact.score', op: 'gte', value: 80 }, { field: 'contact.attributes.plan', op: 'in', value: ['gold', 'platinum'] }] })).toBe(true);
    expect(groupHolds(facts, { all: [{ field: 'contact.stage', op: 'eq', value: 'lead' }] })).toBe(false);
    expect(groupHolds(facts, { all: [{ field: 'language', op: 'eq', value: 'th' }, { field: 'priority', op: 'neq', value: 'urgent' }] })).toBe(true);
  });
});

describe('webhook signatures and SSRF', () => {
  it('the documented snippet accepts our signature and rejects tampering, wrong secrets and replays', () => {
    const body = JSON.stringify({ event: 'message.created', data: { body: 'สวัสดี' } });
    const headers = signedHeaders('whsec_test', body);
    expect(verifySwitchboardWebhook('whsec_test', headers, body)).toBe(true);
    expect(verifySwitchboardWebhook('whsec_test', headers, body.replace('สวัสดี', 'hello'))).toBe(false);
    expect(verifySwitchboardWebhook('whsec_other', headers, body)).toBe(false);
    expect(verifySwitchboardWebhook('whsec_test', headers, body, 300, Number(headers['x-switchboard-timestamp']) + 3600)).toBe(false);
  });
  it('refuses loopback, private and metadata addresses, including through DNS', async () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '::1', '::ffff:127.0.0.1', 'fd00::1']) expect(isPrivateAddress(a)).toBe(true);
    expect(isPrivateAddress('93.184.216.34')).toBe(false);
    expect(await refuseTarget('http://127.0.0.1:9/hook', false)).toMatch(/not a public address/);
    expect(await refuseTarget('http://localhost:9/hook', false)).toMatch(/not a public address|cannot resolve/);
    expect(await refuseTarget('ftp://example.com/', false)).toMatch(/http/);
    expect(await refuseTarget('http://127.0.0.1:9/hook', true)).toBeNull();
  });
});

describe('report CSV', () => {
  it('rounds to three decimals, quotes keys with commas and neutralises formula keys', async () => {
    const { reportCsv } = await import('../../server/automation/reports.js');
    const base = {
      conversationsCreated: 2, handoffs: 0, botResolutions: 0, firstResponse: { count: 1, avgSeconds: 10.12345, medianSeconds: null },
      resolution: { count: 0, avgSeconds: null, medianSeconds: null }, reply: null, messagesReceived: 3, messagesSent: 1,
      csat: { surveys: 0, responses: 0, average: null, satisfactionRate: null }, sla: { measured: 0, met: 0, attainment: null },
    };
    const lines = reportCsv([{ ...base, key: '=HYPERLINK("x")' }, { ...base, key: 'billing, vip' }]).split('\r\n');
    expect(lines[0].startsWith('key,conversations_created,first_response_count,first_response_avg_s,')).toBe(true);
    expect(lines[1].startsWith(`"'=HYPERLINK(""x"")",2,1,10.123,,`)).toBe(true);
    expect(lines[2].startsWith('"billing, vip",2,')).toBe(true);
    expect(lines[3]).toBe('');
  });
});
