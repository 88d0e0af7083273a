import { getArticle, type ArticleRow } from '../kb/articles.js';
import { hasContent } from '../kb/analyse.js';
import { decide } from '../kb/decision.js';
import { searchArticles } from '../kb/search.js';
import type { BotOption } from '../runtime/client.js';
import type { SwitchboardContext } from '../runtime/context.js';
import type { Step } from '../state.js';
import { llmEndpoint } from '../llm/endpoint.js';
import { articleUrl } from '../kb/public-page.js';
import { pickOption } from './choices.js';
import { modelAnswer } from './generative.js';
import { handOff } from './handoff.js';

// Self-service answers: answer outright when confident, offer the closest articles when unsure, admit it
// when nothing fits; count unanswered questions and hand over after too many in a row.

const facts = (context: SwitchboardContext) => ({ inboxId: context.raw.inboxId, conversationId: context.raw.conversationId });

/** The article's answer, or the model's answer from it with the article named and linked. */
async function sendAnswer(context: SwitchboardContext, article: ArticleRow, question: string, written?: string): Promise<void> {
  const source = context.say('source', { title: article.title, url: articleUrl(context.app, article.id) });
  await context.sendText(written ? `${written}\n\n${source}` : article.body);
  await context.record({ ...facts(context), kind: 'answered', articleId: article.id, query: question, reason: written ? 'llm' : 'kb' });
  context.setBotState({ unanswered: 0, step: null });
  if (!context.settings.kb.askFeedback) return;
  const options: BotOption[] = [{ label: context.say('yes'), value: 'yes' }, { label: context.say('no'), value: 'no' }];
  context.setBotState({ step: { kind: 'feedback', articleId: article.id, options } });
  await context.sendOptions(context.say('didItHelp'), options);
}

async function noAnswer(context: SwitchboardContext, question: string): Promise<void> {
  await context.record({ ...facts(context), kind: 'unanswered', query: question });
  const unanswered = context.botState.unanswered + 1;
  context.setBotState({ unanswered, step: null });
  if (unanswered >= context.settings.handoff.maxUnanswered) return handOff(context, 'unanswered');
  if (context.settings.handoff.button) await context.sendOptions(context.say('noAnswer'), [{ label: context.say('talkToHuman'), value: 'handoff' }]);
  else await context.sendText(context.say('noAnswer'));
}

export async function answerQuestion(context: SwitchboardContext, question = context.text): Promise<void> {
  // Small talk ("hi", "thanks") carries nothing to search for.
  if (!hasContent(question)) return void (await context.sendText(context.say('howCanIHelp')));
  const { kb, handoff } = context.settings;
  const ranked = await searchArticles(context.app, question, kb.maxOptions + 2);
  const endpoint = llmEndpoint(context.app.config, context.settings, (v) => context.app.secrets.open(v));
  if (endpoint) {
    const outcome = await modelAnswer(context, endpoint, question, ranked);
    if (outcome.kind === 'answer') return sendAnswer(context, outcome.article, question, outcome.text);
    if (outcome.kind === 'refuse') return noAnswer(context, question);
  }
  const decision = decide(ranked, { answer: kb.answerThreshold, suggest: kb.suggestThreshold, maxOptions: kb.maxOptions });
  if (decision.kind === 'answer') return sendAnswer(context, decision.best.article, question);
  if (decision.kind === 'none') return noAnswer(context, question);
  const options: BotOption[] = decision.options.map((o) => ({ label: o.article.title, value: `kb:${o.article.id}` }));
  options.push({ label: context.say('noneOfThese'), value: 'none' });
  if (handoff.button) options.push({ label: context.say('talkToHuman'), value: 'handoff' });
  context.setBotState({ step: { kind: 'choose', options, question } });
  await context.record({ ...facts(context), kind: 'suggested', query: question });
  await context.sendOptions(context.say('notSure'), options);
}

/** A reply to the suggestions; anything that is not one of them is taken as a new question. */
export async function continueChoice(context: SwitchboardContext): Promise<void> {
  const step = context.botState.step as Extract<Step, { kind: 'choose' }>;
  const picked = pickOption(context, step.options);
  context.setBotState({ step: null });
  if (!picked) return answerQuestion(context);
  if (picked.value === 'handoff') return handOff(context, 'requested');
  if (picked.value === 'none') return noAnswer(context, step.question);
  const article = await getArticle(context.app, picked.value.slice('kb:'.length));
  if (article?.enabled) return sendAnswer(context, article, step.question);
  return noAnswer(context, step.question); // the article was removed meanwhile
}

export async function continueFeedback(context: SwitchboardContext): Promise<void> {
  const step = context.botState.step as Extract<Step, { kind: 'feedback' }>;
  const picked = pickOption(context, step.options);
  context.setBotState({ step: null });
  if (!picked) return answerQuestion(context);
  const helpful = picked.value === 'yes';
  await context.record({ ...facts(context), kind: 'feedback', articleId: step.articleId, helpful });
  if (helpful) return void (await context.sendText(context.say('glad')));
  await context.sendText(context.say('sorryNotHelpful'));
  if (context.settings.handoff.onNegativeFeedback) await handOff(context, 'negative_feedback');
}
