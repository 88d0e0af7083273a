// The server's size and type rules for files an agent attaches, fetched once, so a file that would be refused
// is refused here before a byte of it is sent.
import { useEffect, useState } from 'react';
import { setup } from '../api/endpoints';

export interface AttachmentRules { maxBytes: number; types: RegExp }

let cached: Promise<AttachmentRules | null> | null = null;

function loadRules(): Promise<AttachmentRules | null> {
  cached ??= setup.attachments()
    .then((r) => ({ maxBytes: r.maxBytes, types: new RegExp(r.typePattern, 'i') }))
    .catch(() => { cached = null; return null; });
  return cached;
}

export function useAttachmentRules(): AttachmentRules | null {
  const [rules, setRules] = useState<AttachmentRules | null>(null);
  useEffect(() => {
    let live = true;
    void loadRules().then((r) => { if (live) setRules(r); });
    return () => { live = false; };
  }, []);
  return rules;
}

export type FileProblem = { kind: 'tooLarge'; name: string; limitMb: number } | { kind: 'type'; name: string };

/** Why this file would be refused, or null. Without the rules (not loaded) the server still decides. */
export function fileProblem(rules: AttachmentRules | null, file: File): FileProblem | null {
  if (!rules) return null;
  if (file.size > rules.maxBytes) return { kind: 'tooLarge', name: file.name, limitMb: Math.round(rules.maxBytes / 1024 / 1024) };
  if (!rules.types.test(file.type)) return { kind: 'type', name: file.name };
  return null;
}
