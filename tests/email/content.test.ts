import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPORT, conversationOf, createEmailInbox, sendMail, startMailServer } from './mail-kit.js';

const li = 'li@customer.test';

/** A single-part mail written in a legacy charset, subject as an RFC 2047 encoded word, as old clients send it. */
function legacyMail(charset: string, subject: Buffer, body: Buffer, messageId: string): Buffer {
  const head = [
    `From: Li <${li}>`, `To: ${SUPPORT}`, `Subject: =?${charset}?B?${subject.toString('base64')}?=`, `Message-ID: ${messageId}`,
    'MIME-Version: 1.0', `Content-Type: text/plain; charset=${charset}`, 'Content-Transfer-Encoding: 8bit', '', '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head), body, Buffer.from('\r\n')]);
}

describe('e-mail content', () => {
  let env: Awaited<ReturnType<typeof startMailServer>>;
  let inbox: { id: string };
  const stored = (id: string) => conversationOf(env.server, env.token, inbox.id, id);

  beforeAll(async () => {
    env = await startMailServer();
    inbox = await createEmailInbox(env.server, env.token);
  });
  afterAll(async () => { await env?.server.close(); });

  it('sanitises HTML: no scripts, handlers, javascript: links, styles or remote images', async () => {
    const html = '<p onclick="steal()">Hello <b>there</b></p><script>alert("s")</script><img src="x" onerror="alert(\'e\')">'
      + '<a href="javascript:alert(\'j\')">click</a> <a href="https://shop.test/help">help</a>'
      + '<img src="https://tracker.test/pixel.png" alt="pixel"><style>body{display:none}</style>'
      + '<div style="position:fixed;inset:0">overlay</div><iframe src="https://evil.test"></iframe><form action="https://evil.test"><input name="p"></form>';
    await sendMail(env.inboundPort, { from: li, to: SUPPORT, subject: 'HTML mail', html, messageId: '<html@customer.test>' });
    const { message } = await stored('<html@customer.test>');
    expect(message.html).toContain('Hello <b>there</b>');
    expect(message.html).toContain('href="https://shop.test/help"');
    expect(message.html).toContain('data-src="https://tracker.test/pixel.png"');
    for (const bad of ['<script', 'alert', 'onclick', 'onerror', 'javascript:', '<style', 'style=', '<iframe', '<form', '<input']) {
      expect(message.html).not.toContain(bad);
    }
    expect(message.html).not.toMatch(/\ssrc="https:/); // remote images are never loaded by the viewer
    expect(message.body).toContain('Hello there');
  });

  it('folds the quoted earlier mail and the signature away from the new text, keeping them', async () => {
    const text = 'Size M please.\n\nOn Mon, 1 Jan 2024 at 10:00, Support <support@shop.test> wrote:\n> Which size do you need?\n> Regards\n';
    await sendMail(env.inboundPort, { from: li, to: SUPPORT, subject: 'Size', text, messageId: '<quoted@customer.test>' });
    const { message } = await stored('<quoted@customer.test>');
    expect(message.body).toBe('Size M please.');
    expect(message.meta.quotedText).toContain('> Which size do you need?');

    await sendMail(env.inboundPort, { from: li, to: SUPPORT, subject: 'Signed', text: 'Call me back.\n-- \nLi Wei\nACME Ltd', messageId: '<signed@customer.test>' });
    const signed = await stored('<signed@customer.test>');
    expect(signed.message.body).toBe('Call me back.');
    expect(signed.message.meta.quotedText).toContain('Li Wei');
  });

  it('stores attachments and inline images within the core limits, and says which were refused', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    await sendMail(env.inboundPort, {
      from: li, to: SUPPORT, subject: 'Files', text: 'See attached', html: '<p>Logo: <img src="cid:logo@shop"></p>', messageId: '<files@customer.test>',
      attachments: [
        { filename: 'invoice.pdf', content: Buffer.from('%PDF-1.4 test'), contentType: 'application/pdf' },
        { filename: 'logo.png', content: png, contentType: 'image/png', cid: 'logo@shop' },
        { filename: 'setup.exe', content: Buffer.from('MZ'), contentType: 'application/x-msdownload' },
      ],
    });
    const { message } = await stored('<files@customer.test>');
    expect(message.attachments.map((a: any) => a.name).sort()).toEqual(['invoice.pdf', 'logo.png']);
    expect(message.html).toMatch(/<img src="data:image\/png;base64,/);
    expect(message.body).toContain('"setup.exe" not stored');
  });

  it('decodes Thai, Chinese and Persian in ISO-2022-JP, Big5, GB2312, TIS-620 and UTF-8', async () => {
    // ISO-2022-JP is stateful and not in iconv-lite: these are the JIS bytes of 訂單問題 between ESC $ B and ESC ( B.
    const jis = Buffer.from('1b2442447b53454c64426a1b2842', 'hex');
    const cases = [
      { id: '<jis@customer.test>', mail: legacyMail('ISO-2022-JP', jis, jis, '<jis@customer.test>'), subject: '訂單問題' },
      { id: '<big5@customer.test>', mail: legacyMail('Big5', iconv.encode('退貨申請', 'big5'), iconv.encode('我想退貨，謝謝。', 'big5'), '<big5@customer.test>'), subject: '退貨申請', body: '我想退貨，謝謝。' },
      { id: '<gb@customer.test>', mail: legacyMail('GB2312', iconv.encode('发票问题', 'gb2312'), iconv.encode('请重新开发票。', 'gb2312'), '<gb@customer.test>'), subject: '发票问题', body: '请重新开发票。' },
      { id: '<tis@customer.test>', mail: legacyMail('TIS-620', iconv.encode('สอบถามสินค้า', 'tis620'), iconv.encode('สวัสดีครับ', 'tis620'), '<tis@customer.test>'), subject: 'สอบถามสินค้า', body: 'สวัสดีครับ' },
      { id: '<utf8@customer.test>', mail: legacyMail('UTF-8', Buffer.from('سفارش من ยังไม่ได้รับ'), Buffer.from('سلام، سفارش من نرسیده است.'), '<utf8@customer.test>'), subject: 'سفارش من ยังไม่ได้รับ', body: 'سلام، سفارش من نرسیده است.' },
    ];
    for (const c of cases) {
      await sendMail(env.inboundPort, { envelope: { from: li, to: [SUPPORT] }, raw: c.mail });
      const { conversation, message } = await stored(c.id);
      expect(conversation.subject).toBe(c.subject);
      expect(message.body).toBe(c.body ?? c.subject);
    }
  });

  it('refuses a 30 MB mail with a clear SMTP 552 and keeps accepting mail', async () => {
    const line = `${'A'.repeat(76)}\r\n`;
    const raw = Buffer.from(`From: ${li}\r\nTo: ${SUPPORT}\r\nSubject: Huge\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n${line.repeat(Math.ceil((30 * 1024 * 1024) / line.length))}`);
    const err = await sendMail(env.inboundPort, { envelope: { from: li, to: [SUPPORT] }, raw }).then(() => null, (e) => e);
    expect(err).toMatchObject({ responseCode: 552 });
    expect(err.response).toMatch(/Message too big: 30\.\d MB is over this server's limit of 25\.0 MB/);

    await sendMail(env.inboundPort, { from: li, to: SUPPORT, subject: 'small', text: 'after the big one', messageId: '<after-big@customer.test>' });
    expect((await stored('<after-big@customer.test>')).message.body).toBe('after the big one');
  });
});
