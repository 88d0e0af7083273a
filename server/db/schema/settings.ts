// App-wide key/value settings (feature settings, secrets of the app itself), read through the settings memo.
import { pgTable, text } from 'drizzle-orm/pg-core';

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
