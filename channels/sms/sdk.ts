import type TwilioSdk from 'twilio';

// The Twilio SDK takes most of a second to load; a node loads it at the first SMS webhook or send, not at start.
export type Twilio = typeof TwilioSdk;

let sdk: Promise<Twilio> | undefined;

export const loadTwilio = (): Promise<Twilio> => (sdk ??= import('twilio').then((m) => m.default));
