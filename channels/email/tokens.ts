import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { splitAddress } from './config.js';

// Lower-case base32: mail systems may fold the case of local parts, so tokens must survive that.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Buffer): string {
  let bits = 0, value = 0, out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) { out += ALPHABET[(value >>> (bits - 5)) & 31]; bits -= 5; }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Buffer | null {
  let bits = 0, value = 0;
  const out: number[] = [];
  for (const ch of text) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) return null;
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; }
  }
  // Canonical form only: otherwise several spellings of one token would all verify.
  if (value & ((1 << bits) - 1)) return null;
  return Buffer.from(out);
}

const ID_CHARS = 26; // 16 bytes of conversation uuid
const MAX_LOCAL_PART = 64; // RFC 5321

const uuidToBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const bytesToUuid = (b: Buffer) => b.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Signed values that let a reply find its conversation and let us recognise our own mail: reply tokens in
 * `support+<token>@domain` and Message-IDs. Both carry an HMAC, so they cannot be guessed or forged.
 */
export class EmailTokens {
  constructor(private readonly key: Buffer) {}

  private sign(purpose: string, data: Buffer, bytes: number): Buffer {
    return createHmac('sha256', this.key).update(purpose).update(data).digest().subarray(0, bytes);
  }

  /** `local+<token>@domain` for a conversation, or null when the result would be too long to deliver. */
  replyAddress(inboxAddress: string, conversationId: string): string | null {
    const id = uuidToBytes(conversationId);
    const token = base32(id) + base32(this.sign('reply', id, 8));
    const { local, domain } = splitAddress(inboxAddress);
    const plus = `${local}+${token}`;
    return plus.length <= MAX_LOCAL_PART ? `${plus}@${domain}` : null;
  }

  /** The conversation a reply token names, when the address carries a valid one for this inbox. */
  conversationFromAddress(address: string, inboxAddress: string): string | null {
    const target = splitAddress(address);
    const inbox = splitAddress(inboxAddress);
    if (target.domain !== inbox.domain || !target.local.startsWith(`${inbox.local}+`)) return null;
    const token = target.local.slice(inbox.local.length + 1);
    const id = unbase32(token.slice(0, ID_CHARS));
    const sig = unbase32(token.slice(ID_CHARS));
    if (!id || id.length !== 16 || !sig || !sameBytes(sig, this.sign('reply', id, 8))) return null;
    return bytesToUuid(id);
  }

  /** A fresh Message-ID we can later recognise as ours (loop protection) without a database lookup. */
  newMessageId(domain: string): string {
    const nonce = randomBytes(12);
    return `<${base32(nonce)}.${base32(this.sign('message-id', nonce, 6))}@${domain}>`;
  }

  isOwnMessageId(messageId: string | undefined): boolean {
    const m = /^<?([a-z2-7]+)\.([a-z2-7]+)@[^>]+>?$/.exec((messageId ?? '').trim().toLowerCase());
    if (!m) return false;
    const nonce = unbase32(m[1]);
    const sig = unbase32(m[2]);
    return Boolean(nonce && nonce.length === 12 && sig && sameBytes(sig, this.sign('message-id', nonce, 6)));
  }
}
