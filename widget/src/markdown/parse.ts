// Markdown-lite for chat, parsed once for both audiences: the widget (Preact) and the agent UI (React) each
// only map these tokens to elements, so a message looks the same on both sides. Supported: **bold**,
// *italic*, `code`, [text](url), bare links and e-mail addresses, "- " lists and line breaks. Text stays
// text (never markup) and only http(s) and mailto links are produced; an unsafe link keeps just its label.

export type MdInline =
  | string
  | { kind: 'strong' | 'em'; children: MdInline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; text: string };
export type MdBlock = { kind: 'p'; lines: MdInline[][] } | { kind: 'ul'; items: MdInline[][] };

// A link target may hold one level of balanced parentheses, as Wikipedia-style URLs (and attack strings) do.
const INLINE =
  /(`[^`\n]+`)|(\*\*[^*\n]+\*\*)|(\*[^*\s][^*\n]*\*|_[^_\s][^_\n]*_)|(\[[^\]\n]+\]\((?:[^()\s]|\([^()\s]*\))+\))|((?:https?:\/\/|www\.)[^\s<>"]+[^\s<>".,:;'!?)\]])|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g;

export function safeHref(raw: string): string | null {
  const url = /^www\./i.test(raw) ? 'https://' + raw : raw;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'mailto:' ? u.href : null;
  } catch {
    return null;
  }
}

const linkOrText = (href: string | null, text: string): MdInline => (href ? { kind: 'link', href, text } : text);

export function parseInline(text: string): MdInline[] {
  const out: MdInline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    const [all, code, bold, italic, mdLink, url, email] = m;
    if (code) out.push({ kind: 'code', text: code.slice(1, -1) });
    else if (bold) out.push({ kind: 'strong', children: parseInline(bold.slice(2, -2)) });
    else if (italic) out.push({ kind: 'em', children: parseInline(italic.slice(1, -1)) });
    else if (mdLink) {
      const split = mdLink.indexOf('](');
      out.push(linkOrText(safeHref(mdLink.slice(split + 2, -1)), mdLink.slice(1, split)));
    } else if (url) out.push(linkOrText(safeHref(url), url));
    else if (email) out.push({ kind: 'link', href: 'mailto:' + email, text: email });
    last = at + all.length;
  }
  if (last < text.length) out.push(text.slice(last));
  // Adjacent strings (an unsafe link's label beside text) read as one text run.
  return out.reduce<MdInline[]>((acc, n) => {
    if (typeof n === 'string' && typeof acc[acc.length - 1] === 'string') acc[acc.length - 1] += n;
    else acc.push(n);
    return acc;
  }, []);
}

export function parseMarkdown(text: string): MdBlock[] {
  const blocks: MdBlock[] = [];
  let list: string[] = [];
  let para: string[] = [];
  const flushList = () => {
    if (list.length) blocks.push({ kind: 'ul', items: list.map(parseInline) });
    list = [];
  };
  const flushPara = () => {
    if (para.length) blocks.push({ kind: 'p', lines: para.map(parseInline) });
    para = [];
  };
  for (const line of text.split('\n')) {
    const item = /^\s*[-*•]\s+(.*)$/.exec(line);
    if (item) {
      flushPara();
      list.push(item[1]);
    } else if (!line.trim()) {
      flushList();
      flushPara();
    } else {
      flushList();
      para.push(line);
    }
  }
  flushList();
  flushPara();
  return blocks;
}
