import { Router } from 'express';
import type { AppContext } from '../context.js';
import { botMisses, learnFromAgent, learnSchema } from './learning.js';
import { recordSuggestionEvent, replySuggestions, suggestionEventSchema } from './suggestions.js';
import { getConversationView } from '../conversations/conversations.js';
import { agentInboxIds, requireAgent } from '../http/auth.js';
import { notFound } from '../errors.js';
import { parseBody } from '../http/validate.js';

/**
 * What agents teach the bot and what the bot offers agents: the questions it missed in a conversation (with
 * the person's reply and the closest articles), turning one into knowledge, and suggested replies for the
 * composer with their usage. Any agent who sees the conversation may do this, not only admins: the people
 * answering are the ones who know what was missing.
 */
export function botLearningRoutes(ctx: AppContext): Router {
  const r = Router();
  // Mounted at the API root: the guard covers only this router's own prefixes, so the widget's visitor routes
  // mounted after it stay reachable with a visitor token.
  r.use(['/conversations', '/kb/learn'], requireAgent(ctx));

  async function visible(req: any) {
    const found = await getConversationView(ctx, String(req.params.id), await agentInboxIds(ctx, req));
    if (!found) throw notFound('Conversation');
    return found.conversation;
  }

  r.get('/conversations/:id/bot-misses', async (req, res) => {
    res.json(await botMisses(ctx, await visible(req)));
  });

  r.get('/conversations/:id/reply-suggestions', async (req, res) => {
    const conversation = await visible(req);
    res.json(await replySuggestions(ctx, conversation.id, await agentInboxIds(ctx, req)));
  });

  r.post('/conversations/:id/reply-suggestions/events', async (req, res) => {
    const conversation = await visible(req);
    await recordSuggestionEvent(ctx, conversation, parseBody(suggestionEventSchema, req));
    res.status(204).end();
  });

  r.post('/kb/learn', async (req, res) => {
    const learned = await learnFromAgent(ctx, parseBody(learnSchema, req), await agentInboxIds(ctx, req));
    res.status(learned.mode === 'article' ? 201 : 200).json(learned);
  });
  return r;
}
