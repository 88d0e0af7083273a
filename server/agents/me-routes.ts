// The signed-in agent's own account: availability, name, language, avatar and password.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AVAILABILITIES, type AuthedAgent } from './agents.js';
import { changePassword, MAX_AVATAR_BYTES, setAvatar, updateProfile } from './profile.js';
import { accessChanged } from '../auth/access-changes.js';
import { credentialFrom } from '../auth/principal.js';
import { availabilityChanged } from '../automation/assignment.js';
import { agentCard, type Presence } from '../realtime/presence.js';
import { bearer, requireAgent, SESSION_COOKIE } from '../http/auth.js';
import { badRequest } from '../errors.js';
import { multipartFiles } from '../http/multipart.js';
import { parseBody } from '../http/validate.js';

const LOCALES = ['en', 'th', 'zh-CN', 'fa'] as const;
const profilePatch = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  locale: z.enum(LOCALES).nullable().optional(),
  availability: z.enum(AVAILABILITIES).optional(),
}).strict();
const passwordChange = z.object({
  currentPassword: z.string().min(1, 'required').max(1000),
  newPassword: z.string().min(8, 'at least 8 characters').max(200),
}).strict();

export function agentMeRoutes(ctx: AppContext, presence: Presence): Router {
  const r = Router();
  const agent = requireAgent(ctx);
  const announce = (a: AuthedAgent) => presence.announce(agentCard(a));

  r.get('/agents/me', agent, (req, res) => { res.json(req.agent); });

  r.patch('/agents/me', agent, async (req, res) => {
    const patch = parseBody(profilePatch, req);
    const before = req.agent!;
    const after = await updateProfile(ctx, before.id, patch);
    if (after.availability !== before.availability) availabilityChanged(ctx, after.availability);
    if (after.name !== before.name || after.availability !== before.availability) await announce(after);
    res.json(after);
  });

  const upload = multipartFiles({ field: 'avatar', maxFiles: 1, maxBytes: MAX_AVATAR_BYTES, tooLarge: `The avatar is larger than ${MAX_AVATAR_BYTES / 1024 / 1024} MB` });
  r.put('/agents/me/avatar', agent, upload, async (req, res) => {
    const [file] = (req.files as Express.Multer.File[] | undefined) ?? [];
    if (!file) throw badRequest('Choose an image', { avatar: 'required' });
    const after = await setAvatar(ctx, req.agent!.id, file);
    await announce(after);
    res.json(after);
  });

  r.post('/agents/me/password', agent, async (req, res) => {
    const body = parseBody(passwordChange, req);
    const current = credentialFrom(bearer(req), req.headers.cookie, SESSION_COOKIE);
    await changePassword(ctx, req.agent!.id, current?.token ?? null, body);
    // Sockets of the ended sessions are re-checked (and closed) on every node.
    await accessChanged(ctx, [req.agent!.id]);
    res.status(204).end();
  });
  return r;
}
