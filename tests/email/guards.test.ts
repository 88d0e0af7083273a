import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { foldReply } from '../../channels/email/fold.js';
import { SenderRateCap } from '../../channels/email/loop-guard.js';
import { EmailTokens } from '../../channels/email/tokens.js';

describe('reply tokens and Message-IDs', () => {
  const tokens = new EmailTokens(Buffer.alloc(32, 7));
  const conversationId = randomUUID();

  it('round-trips a conversation through a plus address, case-folded or not', () => {
    const address = tokens.replyAddress('support@shop.test', conversationId)!;
    expect(tokens.conversationFromAddress(address, 'support@shop.test')).toBe(conversationId);
    expect(tokens.conversationFromAddress(address.toUpperCase(), 'support@shop.test')).toBe(conversationId);
  });

  it('rejects tampered tokens and tokens signed with another key', () => {
    const address = tokens.replyAddress('support@shop.test', conversationId)!;
    const [local, domain] = address.split('@');
    // The hardest tamper: flip the last character's lowest bit, which base32 spends on padding.
    const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
    const flipped = `${local.slice(0, -1)}${alphabet[alphabet.indexOf(local.at(-1)!) ^ 1]}@${domain}`;
    expect(tokens.conversationFromAddress(flipped, 'support@shop.test')).toBeNull();
    expect(new EmailTokens(Buffer.alloc(32, 8)).conversationFromAddress(address, 'support@shop.test')).toBeNull();
    expect(tokens.conversationFromAddress(`support+${'a'.repeat(39)}@shop.test`, 'support@shop.test')).toBeNull();
  });

  it('gives up the token when the local part would exceed 64 characters', () => {
    expect(tokens.replyAddress(`${'x'.repeat(30)}@shop.test`, conversationId)).toBeNull();
  });

  it('recognises its own Message-IDs and nobody else\'s', () => {
    const id = tokens.newMessageId('shop.test');
    expect(tokens.isOwnMessageId(id)).toBe(true);
    expect(new EmailTokens(Buffer.alloc(32, 8)).isOwnMessageId(id)).toBe(false);
    expect(tokens.isOwnMessageId('<CAF=abc@mail.gmail.com>')).toBe(false);
  });
});

describe('per-sender rate cap', () => {
  it('stops a sender at the limit and lets them in again after the window', () => {
    const cap = new SenderRateCap(3, 60_000);
    expect([1, 2, 3, 4].map(() => cap.take('Loop@Example.test', 0))).toEqual([true, true, true, false]);
    expect(cap.isOver('loop@example.test', 1)).toBe(true);
    expect(cap.take('other@example.test', 1)).toBe(true);
    expect(cap.take('loop@example.test', 60_001)).toBe(true);
  });
});

describe('quote folding', () => {
  it.each([
    ['Chinese', '好的，谢谢。\n\n在 2024年1月1日 10:00，Support <support@shop.test> 写道：\n> 请问尺寸？'],
    ['Thai', 'ได้ครับ\n\nเมื่อ 1 ม.ค. 2024 10:00 Support <support@shop.test> เขียนว่า:\n> ขนาดไหนครับ'],
    ['Outlook', 'Fine.\n\nFrom: Support <support@shop.test>\nSent: Monday, 1 January 2024 10:00\nSubject: Size'],
    ['Wrapped Gmail', 'Fine.\n\nOn Mon, 1 Jan 2024 at 10:00, Support <support@\nshop.test> wrote:\n> Size?'],
  ])('folds a %s attribution', (_name, text) => {
    const { fresh, folded } = foldReply(text);
    expect(fresh).toBe(text.split('\n')[0]);
    expect(folded.length).toBeGreaterThan(0);
  });

  it('keeps a mail that is only a quote (a forward) whole', () => {
    expect(foldReply('> forwarded line').fresh).toBe('> forwarded line');
  });
});
