// The customer record and the addresses it is known by on each channel.
import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, createdAt, updatedAt } from '../db/columns.js';

export const contacts = pgTable('contacts', {
  id: id(),
  name: text('name'),
  email: text('email'),
  phone: text('phone'),
  avatarUrl: text('avatar_url'),
  attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
}, (t) => [
  index('contacts_email_idx').on(sql`lower(${t.email})`),
  index('contacts_phone_idx').on(t.phone),
]);

export const contactIdentities = pgTable('contact_identities', {
  id: id(),
  contactId: uuid('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  channel: text('channel').notNull(),
  address: text('address').notNull(),
  verified: boolean('verified').notNull().default(false),
  optedOutAt: timestamp('opted_out_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('contact_identities_channel_address_uq').on(t.channel, t.address),
  index('contact_identities_contact_idx').on(t.contactId),
]);
