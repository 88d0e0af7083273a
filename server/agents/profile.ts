// What an agent changes about themselves: name, language, availability, avatar, password.
import { verify } from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { badRequest, notFound } from '../errors.js';
import { attachmentUrl, storeAttachments } from '../messages/attachments.js';
import { forgetAgentSessions, hashPassword, revokeOtherSessions, toAuthedAgent, type AuthedAgent, type Availability } from './agents.js';

export interface ProfilePatch { name?: string; locale?: string | null; availability?: Availability }

export const MAX_AVATAR_BYTES = 2 * 1024 * 1024;
// The declared type must match what the bytes are: a renamed HTML or SVG file is not an avatar.
const IMAGE_MAGIC: Record<string, (b: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => b.subarray(0, 4).toString('latin1') === 'GIF8',
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};

async function saved(ctx: AppContext, agentId: string, set: Partial<typeof schema.agents.$inferInsert>): Promise<AuthedAgent> {
  // An empty patch changes nothing, and an empty UPDATE is an error in SQL: just read the row.
  const [row] = Object.keys(set).length
    ? await ctx.db.update(schema.agents).set(set).where(eq(schema.agents.id, agentId)).returning()
    : await ctx.db.select().from(schema.agents).where(eq(schema.agents.id, agentId));
  if (!row) throw notFound('Agent');
  // Sessions cache the agent for a few seconds; the next request must see the change.
  forgetAgentSessions(ctx, agentId);
  return toAuthedAgent(row);
}

/** Only the fields named change; the rest stay as stored. */
export function updateProfile(ctx: AppContext, agentId: string, patch: ProfilePatch): Promise<AuthedAgent> {
  const set: Partial<typeof schema.agents.$inferInsert> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.locale !== undefined) set.locale = patch.locale;
  if (patch.availability !== undefined) set.availability = patch.availability;
  return saved(ctx, agentId, set);
}

/** Stores the picture in the attachment store and points the agent's avatar at its capability URL. */
export async function setAvatar(ctx: AppContext, agentId: string, file: { originalname: string; mimetype: string; buffer: Buffer }): Promise<AuthedAgent> {
  const type = file.mimetype.toLowerCase().replace('image/jpg', 'image/jpeg');
  const matches = IMAGE_MAGIC[type];
  if (!matches) throw badRequest('The avatar must be a PNG, JPEG, GIF or WebP image', { avatar: 'image type' });
  if (!matches(file.buffer)) throw badRequest(`The file is not a ${type.slice(6).toUpperCase()} image`, { avatar: 'image content' });
  const [meta] = await storeAttachments(ctx.db, [{ name: file.originalname || 'avatar', contentType: type, data: file.buffer }]);
  return saved(ctx, agentId, { avatarUrl: attachmentUrl(ctx.appSecret, meta) });
}

/**
 * A new password only with the current one; every other session of the agent ends (a stolen session
 * does not outlive the password change), the one making the change stays signed in.
 */
export async function changePassword(ctx: AppContext, agentId: string, currentToken: string | null, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const [row] = await ctx.db.select().from(schema.agents).where(eq(schema.agents.id, agentId));
  if (!row) throw notFound('Agent');
  const ok = row.passwordHash ? await verify(row.passwordHash, input.currentPassword).catch(() => false) : false;
  if (!ok) throw badRequest('The current password is wrong', { currentPassword: 'wrong' });
  await ctx.db.update(schema.agents).set({ passwordHash: await hashPassword(input.newPassword) }).where(eq(schema.agents.id, agentId));
  await revokeOtherSessions(ctx, agentId, currentToken);
}
