// The designer's working copy of a web inbox's widget settings (config.widget) and allowed sites
// (config.allowedOrigins), and the edit that saves only what the admin changed.
import type { z } from 'zod';
import type { WIDGET_DAYS, widgetSettingsSchema } from '../../../../channels/webchat/widget-settings.js';

// The shapes are the server's own schema (type-only: no zod in the bundle), so the designer cannot drift from
// what the PATCH validates.
type Stored = z.input<typeof widgetSettingsSchema>;
export type WidgetSettings = Stored;
export type Day = (typeof WIDGET_DAYS)[number];
/** Monday first, as the designer lists them. */
export const DAYS: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export type PreChatField = NonNullable<Stored['preChat']>['fields'][number];
export type FieldType = NonNullable<PreChatField['type']>;
export const FIELD_TYPES: FieldType[] = ['text', 'email', 'tel', 'textarea', 'number', 'select'];
export type Window = NonNullable<NonNullable<Stored['businessHours']>['days'][Day]>[number];

export interface Draft { widget: WidgetSettings; allowedOrigins: string[] }

export const MB = 1024 * 1024;
export const MAX_MB = 20;
export const DEFAULT_COLOR = '#4f46e5';

/** Kinds of files an admin allows, each standing for the types the server stores safely. */
export const FILE_KINDS = [
  { id: 'images', types: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] },
  { id: 'pdf', types: ['application/pdf'] },
  { id: 'text', types: ['text/plain', 'text/csv'] },
  {
    id: 'office',
    types: [
      'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.ms-powerpoint', 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
  },
  { id: 'audio', types: ['audio/*'] },
  { id: 'video', types: ['video/mp4', 'video/webm', 'video/quicktime'] },
  { id: 'zip', types: ['application/zip'] },
] as const;
export type FileKind = (typeof FILE_KINDS)[number]['id'];

const covers = (types: string[], t: string) => types.includes(t) || (t.startsWith('image/') && types.includes('image/*'));
/** On when any of the kind's types is allowed (turning it off then removes them all, so nothing stays hidden). */
export const kindOn = (types: string[], kind: FileKind) => FILE_KINDS.find((k) => k.id === kind)!.types.some((t) => covers(types, t));

/** Turns a kind on or off; types set elsewhere (the API) that belong to no kind are kept. */
export function toggleKind(types: string[], kind: FileKind, on: boolean): string[] {
  const own = FILE_KINDS.find((k) => k.id === kind)!.types as readonly string[];
  const rest = types.filter((t) => !own.includes(t) && !(kind === 'images' && t === 'image/*'));
  return on ? [...rest, ...own] : rest;
}

export const otherTypes = (types: string[]) =>
  types.filter((t) => !FILE_KINDS.some((k) => (k.types as readonly string[]).includes(t)) && t !== 'image/*');

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The PATCH body for what changed: each changed widget setting, null for one cleared, nothing else. */
export function changes(saved: Draft, draft: Draft): { widget?: Record<string, unknown>; allowedOrigins?: string[] } | null {
  const widget: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(saved.widget), ...Object.keys(draft.widget)])) {
    if (same(saved.widget[key], draft.widget[key])) continue;
    widget[key] = draft.widget[key] === undefined ? null : draft.widget[key];
  }
  const out: { widget?: Record<string, unknown>; allowedOrigins?: string[] } = {};
  if (Object.keys(widget).length) out.widget = widget;
  if (!same(saved.allowedOrigins, draft.allowedOrigins)) out.allowedOrigins = draft.allowedOrigins;
  return Object.keys(out).length ? out : null;
}

/** Empty text means "use the default": the setting is cleared rather than stored as "". */
export const textOrUnset = (s: string) => (s.trim() ? s : undefined);
