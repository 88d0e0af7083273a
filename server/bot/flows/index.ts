import { route, router } from 'bottender/router.js';
import { hasContent } from '../kb/analyse.js';
import type { SwitchboardContext } from '../runtime/context.js';
import { localized } from '../strings.js';
import { continueFeedback, continueChoice, answerQuestion } from './kb.js';
import { handOff, wantsHuman } from './handoff.js';
import { continueLead, continueQualification, startLeadCapture } from './lead.js';

// The bot's entry action: greet a new conversation, then route the message with bottender's router. Asking
// for a person wins over everything; an open flow step comes next; anything else is a question for the KB.

const stepIs = (kind: string) => (context: SwitchboardContext) => context.botState.step?.kind === kind;

const routes = router<SwitchboardContext>([
  route(wantsHuman, (context: SwitchboardContext) => handOff(context, 'requested')),
  route(stepIs('lead'), continueLead),
  route(stepIs('qualify'), continueQualification),
  route(stepIs('choose'), continueChoice),
  route(stepIs('feedback'), continueFeedback),
  route('*', (context: SwitchboardContext) => answerQuestion(context)),
]);

export async function entry(context: SwitchboardContext) {
  if (!(await context.load())) return undefined;
  if (!context.botState.counted) {
    context.setBotState({ counted: true });
    await context.record({ kind: 'handled', inboxId: context.raw.inboxId, conversationId: context.raw.conversationId });
  }
  if (context.botState.greeted) return routes;
  const { greeting, leadCapture } = context.settings;
  await context.sendText(greeting ? localized(greeting, context.locale) : context.say('greeting'));
  context.setBotState({ greeted: true });
  if (wantsHuman(context)) return routes;
  const question = hasContent(context.text) ? context.text : undefined;
  if (leadCapture.enabled) await startLeadCapture(context, question);
  else if (question) await answerQuestion(context, question);
  return undefined;
}
