import { z } from 'zod';
import { toE164 } from '../kit/phone.js';

export const TWILIO_API_BASE_URL = 'https://api.twilio.com';

export const smsConfigSchema = z.object({
  accountSid: z.string().trim().regex(/^AC[0-9a-fA-F]{32}$/, 'a Twilio Account SID: AC followed by 32 hex digits'),
  authToken: z.string().trim().min(16, 'the Auth Token from the Twilio console').max(200),
  /** The sending number; stored in E.164 however it was typed. */
  fromNumber: z.string().trim().max(40).optional()
    .transform((v, c) => {
      if (!v) return undefined;
      const e164 = toE164(v);
      if (!e164) c.addIssue({ code: 'custom', message: 'an international number such as +14155550100' });
      return e164 ?? undefined;
    }),
  /** Sends through a Messaging Service (number pool, Advanced Opt-Out) instead of one number. */
  messagingServiceSid: z.string().trim().regex(/^MG[0-9a-fA-F]{32}$/, 'a Messaging Service SID: MG followed by 32 hex digits').optional(),
  /** Where the Twilio REST API lives; a regional endpoint, a proxy, or a local stand-in in tests. */
  apiBaseUrl: z.url({ protocol: /^https?$/ }).transform((v) => v.replace(/\/+$/, '')).optional(),
  /** Lets apiBaseUrl be a private or loopback address (a local stand-in); refused otherwise (channels/kit/ssrf.ts). */
  allowPrivate: z.boolean().optional(),
  /** The answer to HELP; carriers require one for every sending number. */
  helpText: z.string().trim().min(1).max(1600).optional(),
}).refine((c) => c.fromNumber || c.messagingServiceSid, {
  message: 'a sending number (fromNumber) or a Messaging Service SID is required', path: ['fromNumber'],
});

export type SmsConfig = z.infer<typeof smsConfigSchema>;

export const DEFAULT_HELP_TEXT = 'Reply to this number to reach our support team. Reply STOP to opt out, START to opt back in.';
