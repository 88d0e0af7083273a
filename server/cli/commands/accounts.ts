import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { schema } from '../../db/client.js';
import { findAgentByEmail, hashPassword } from '../../agents/agents.js';
import type { Flags } from '../tool-context.js';
import { CliError, withDatabase } from '../tool-context.js';

const email = z.email('--email must be an e-mail address');
const password = z.string().min(8, '--password must be at least 8 characters');

function parse<T>(schemaOf: z.ZodType<T>, value: unknown, missing: string): T {
  if (value === undefined) throw new CliError(missing);
  const r = schemaOf.safeParse(value);
  if (!r.success) throw new CliError(r.error.issues[0].message);
  return r.data;
}

/** The given password, or a generated one that is printed once. */
function chosenPassword(flags: Flags): { value: string; generated: boolean } {
  if (flags.password !== undefined) return { value: parse(password, flags.password, ''), generated: false };
  return { value: randomBytes(12).toString('base64url'), generated: true };
}

export async function createAdmin(flags: Flags): Promise<void> {
  const address = parse(email, flags.email, 'create-admin needs --email');
  const pw = chosenPassword(flags);
  await withDatabase(async ({ database }) => {
    if (await findAgentByEmail(database.db, address)) throw new CliError(`An agent with ${address} already exists: use reset-password to set their password`);
    await database.db.insert(schema.agents).values({
      email: address, name: typeof flags.name === 'string' ? flags.name : address.split('@')[0], role: 'admin', passwordHash: await hashPassword(pw.value),
    });
  });
  console.log(`Admin ${address} created.${pw.generated ? `\nPassword: ${pw.value}\n(shown once; it is stored only as a hash)` : ''}`);
}

export async function resetPassword(flags: Flags): Promise<void> {
  const address = parse(email, flags.email, 'reset-password needs --email');
  const pw = chosenPassword(flags);
  const signedOut = await withDatabase(async ({ database }) => {
    const agent = await findAgentByEmail(database.db, address);
    if (!agent) throw new CliError(`No agent with ${address}`);
    return database.db.transaction(async (tx) => {
      await tx.update(schema.agents).set({ passwordHash: await hashPassword(pw.value), disabled: false }).where(eq(schema.agents.id, agent.id));
      // A reset usually follows a leak: every session of that agent ends (API tokens are kept; they are revoked on their own screen).
      const ended = await tx.delete(schema.agentTokens)
        .where(and(eq(schema.agentTokens.agentId, agent.id), eq(schema.agentTokens.kind, 'session'))).returning({ id: schema.agentTokens.id });
      return ended.length;
    });
  });
  console.log(`Password of ${address} reset; ${signedOut} session(s) signed out.${pw.generated ? `\nPassword: ${pw.value}` : ''}`);
}
