import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';

/**
 * Channel secrets (auth tokens, passwords) at rest: AES-256-GCM under a key derived from SECRET_KEY.
 * Without SECRET_KEY values are stored as given (the README says so); with it, values written earlier in
 * clear are still readable and get encrypted on their next write.
 */
export class SecretBox {
  private key: Buffer | null;
  constructor(secretKey?: string) {
    this.key = secretKey ? createHash('sha256').update(`switchboard:secrets:${secretKey}`).digest() : null;
  }

  seal(value: string): string {
    if (!this.key || value.startsWith(PREFIX)) return value;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return PREFIX + [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join(':');
  }

  open(value: string): string {
    if (!value.startsWith(PREFIX)) return value;
    if (!this.key) throw new Error('a channel secret is encrypted but SECRET_KEY is not set');
    const [iv, tag, data] = value.slice(PREFIX.length).split(':').map((p) => Buffer.from(p, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  }

  /** Applies fn to every secret field, including nested ones given as dotted paths ("imap.password"). */
  mapFields(config: Record<string, unknown>, fields: string[], fn: (v: string) => string): Record<string, unknown> {
    const copy = structuredClone(config);
    for (const field of fields) {
      const parts = field.split('.');
      let node: any = copy;
      for (const p of parts.slice(0, -1)) node = node?.[p];
      const last = parts[parts.length - 1];
      if (node && typeof node[last] === 'string') node[last] = fn(node[last]);
    }
    return copy;
  }
}

export const MASK = '••••••••';
