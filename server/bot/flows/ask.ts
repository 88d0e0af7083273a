import type { SwitchboardContext } from '../runtime/context.js';
import type { LeadField } from '../state.js';
import { localized, type StringKey } from '../strings.js';

const FIELD: Record<LeadField, { prompt: StringKey; label: StringKey; type: 'text' | 'email' | 'tel' }> = {
  name: { prompt: 'askName', label: 'labelName', type: 'text' },
  email: { prompt: 'askEmail', label: 'labelEmail', type: 'email' },
  phone: { prompt: 'askPhone', label: 'labelPhone', type: 'tel' },
};

/** One field at a time: a one-field form in the widget, a plain question on SMS and e-mail. */
export function askLeadField(context: SwitchboardContext, field: LeadField, prompt?: StringKey) {
  const f = FIELD[field];
  return context.sendForm(context.say(prompt ?? f.prompt), [{ name: field, label: context.say(f.label), type: f.type, required: true }]);
}

export function askQualification(context: SwitchboardContext, index: number) {
  const q = context.settings.qualification[index];
  const text = localized(q.question, context.locale);
  return q.options?.length ? context.sendOptions(text, q.options.map((o) => ({ label: o, value: o }))) : context.sendText(text);
}
