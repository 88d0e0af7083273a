/** @jsxImportSource preact */
// Markdown-lite for chat: **bold**, *italic*, `code`, [text](url), bare links and e-mail addresses, "- " lists
// and line breaks. Output is always Preact nodes with string children (text nodes), so user text can never
// become markup; only http(s) and mailto links are produced.
import type { ComponentChildren } from 'preact';

const INLINE =
  /(`[^`\n]+`)|(\*\*[^*\n]+\*\*)|(\*[^*\s][^*\n]*\*|_[^_\s][^_\n]*_)|(\[[^\]\n]+\]\([^)\s]+\))|((?:https?:\/\/|www\.)[^\s<>"]+[^\s<>".,:;'!?)\]])|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g;

export function safeHref(raw: string): string | null {
  const url = /^www\./i.test(raw) ? 'https://' + raw : raw;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'mailto:' ? u.href : null;
  } catch {
    return null;
  }
}

function link(href: string | null, text: string, key: number) {
  return href ? (
    <a key={key} href={href} target="_blank" rel="noopener noreferrer nofollow">
      {text}
    </a>
  ) : (
    text
  );
}

export function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let last = 0;
  let k = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    const [all, code, bold, italic, mdLink, url, email] = m;
    if (code) out.push(<code key={k++}>{code.slice(1, -1)}</code>);
    else if (bold) out.push(<strong key={k++}>{inline(bold.slice(2, -2))}</strong>);
    else if (italic) out.push(<em key={k++}>{inline(italic.slice(1, -1))}</em>);
    else if (mdLink) {
      const [, label, href] = /^\[([^\]]+)\]\(([^)]+)\)$/.exec(mdLink) || [];
      out.push(link(safeHref(href), label, k++));
    } else if (url) out.push(link(safeHref(url), url, k++));
    else if (email) out.push(link('mailto:' + email, email, k++));
    else out.push(all);
    last = at + all.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function Markdown({ text }: { text: string }) {
  const blocks: ComponentChildren[] = [];
  let list: string[] = [];
  let para: string[] = [];
  const flushList = () => {
    if (list.length) blocks.push(<ul key={blocks.length}>{list.map((l, i) => <li key={i}>{inline(l)}</li>)}</ul>);
    list = [];
  };
  const flushPara = () => {
    if (para.length) {
      blocks.push(
        <p key={blocks.length}>
          {para.flatMap((l, i) => (i ? [<br key={'b' + i} />, ...inline(l)] : inline(l)))}
        </p>,
      );
    }
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
  return <div class="sb-md">{blocks}</div>;
}
