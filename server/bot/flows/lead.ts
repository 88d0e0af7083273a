import { z } from 'zod';
import { parsePhoneNumber } from '../../../channels/kit/phone.js';
import { updateContact } from '../../contacts/contacts.js';
import type { SwitchboardContext } from '../runtime/context.js';
import type { LeadField, Step } from '../state.js';
import type { StringKey } from '../strings.js';
import { askLeadField, askQualification } from './ask.js';
import { pickOption } from './choices.js';
import { handOff } from './handoff.js';
import { answerQuestion } from './kb.js';

// Lead capture and qualification: details are validated, re-asked when invalid (a few times, never a trap),
// and stored on the contact as soon as each one is given.

const MAX_ATTEMPTS = 3;
const INVALID: Record<LeadField, StringKey> = { name: 'invalidName', email: 'invalidEmail', phone: 'invalidPhone' };
const emailSchema = z.email();

/** The widget answers a one-field form as "Label: value"; other channels send the bare value. */
const stripFormLabel = (text: string) => text.replace(/^[^:：@\n]{1,30}[:：]\s*/u, '').trim();

export function parseLeadField(field: LeadField, input: string, defaultCountry?: string): string | null {
  const text = stripFormLabel(input);
  if (field === 'name') return text.length <= 100 && /\p{L}/u.test(text) && !text.includes('@') ? text : null;
  if (field === 'email') {
    const candidate = /[^\s<>()"',;]+@[^\s<>()"',;]+/.exec(text)?.[0]?.replace(/[.。]$/, '');
    return candidate && emailSchema.safeParse(candidate).success ? candidate.toLowerCase() : null;
  }
  const phone = parsePhoneNumber(text, defaultCountry);
  return phone?.isValid() ? phone.number : null;
}

/** Starts intake for a new conversation; the visitor's first question is answered once it is done. */
export async function startLeadCapture(context: SwitchboardContext, question?: string): Promise<void> {
  const contact = await context.contact();
  const missing = context.settings.leadCapture.fields.filter((f) => !contact[f]);
  if (!missing.length) return startQualification(context, question);
  const [field, ...queue] = missing;
  context.setBotState({ step: { kind: 'lead', field, queue, attempts: 0, then: 'qualify', question } });
  await askLeadField(context, field);
}

export async function continueLead(context: SwitchboardContext): Promise<void> {
  const step = context.botState.step as Extract<Step, { kind: 'lead' }>;
  const value = parseLeadField(step.field, context.text, context.settings.leadCapture.defaultCountry);
  if (!value && step.attempts + 1 < MAX_ATTEMPTS) {
    context.setBotState({ step: { ...step, attempts: step.attempts + 1 } });
    await context.sendText(context.say(INVALID[step.field]));
    return;
  }
  if (value) {
    await updateContact(context.app, context.raw.contactId, { [step.field]: value });
    if (step.field !== 'name') {
      await context.record({ kind: 'lead', reason: step.field, inboxId: context.raw.inboxId, conversationId: context.raw.conversationId });
    }
  }
  const [next, ...queue] = step.queue;
  if (next) {
    context.setBotState({ step: { ...step, field: next, queue, attempts: 0 } });
    await askLeadField(context, next);
    return;
  }
  if (step.then === 'handoff') return handOff(context, step.reason ?? 'requested', { emailJustGiven: step.field === 'email' ? value ?? undefined : undefined });
  await context.sendText(context.say('leadThanks'));
  await startQualification(context, step.question);
}

async function startQualification(context: SwitchboardContext, question?: string): Promise<void> {
  if (!context.settings.qualification.length) return finishIntake(context, question);
  context.setBotState({ step: { kind: 'qualify', index: 0, attempts: 0, question } });
  await askQualification(context, 0);
}

export async function continueQualification(context: SwitchboardContext): Promise<void> {
  const step = context.botState.step as Extract<Step, { kind: 'qualify' }>;
  const q = context.settings.qualification[step.index];
  if (!q) return finishIntake(context, step.question);
  const answer = q.options?.length ? pickOption(context, q.options.map((o) => ({ label: o, value: o })))?.value : context.text.slice(0, 500);
  if (!answer && step.attempts + 1 < MAX_ATTEMPTS) {
    context.setBotState({ step: { ...step, attempts: step.attempts + 1 } });
    await context.sendText(context.say('invalidChoice'));
    await askQualification(context, step.index);
    return;
  }
  if (answer) await updateContact(context.app, context.raw.contactId, { attributes: { [q.attribute]: answer } });
  if (step.index + 1 < context.settings.qualification.length) {
    context.setBotState({ step: { ...step, index: step.index + 1, attempts: 0 } });
    await askQualification(context, step.index + 1);
    return;
  }
  await finishIntake(context, step.question);
}

async function finishIntake(context: SwitchboardContext, question?: string): Promise<void> {
  context.setBotState({ step: null });
  if (question) await answerQuestion(context, question);
  else await context.sendText(context.say('howCanIHelp'));
}
