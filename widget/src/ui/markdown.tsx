/** @jsxImportSource preact */
// The widget's rendering of the shared chat markdown (../markdown/parse.ts): tokens to Preact nodes.
import type { ComponentChildren } from 'preact';
import { parseMarkdown, type MdInline } from '../markdown/parse.js';

function inline(nodes: MdInline[]): ComponentChildren[] {
  return nodes.map((n, k) => {
    if (typeof n === 'string') return n;
    if (n.kind === 'code') return <code key={k}>{n.text}</code>;
    if (n.kind === 'link') return <a key={k} href={n.href} target="_blank" rel="noopener noreferrer nofollow">{n.text}</a>;
    return n.kind === 'strong' ? <strong key={k}>{inline(n.children)}</strong> : <em key={k}>{inline(n.children)}</em>;
  });
}

export function Markdown({ text }: { text: string }) {
  return (
    <div class="sb-md" dir="auto">
      {parseMarkdown(text).map((b, i) =>
        b.kind === 'ul' ? (
          <ul key={i}>{b.items.map((item, j) => <li key={j}>{inline(item)}</li>)}</ul>
        ) : (
          <p key={i}>{b.lines.flatMap((line, j) => (j ? [<br key={'b' + j} />, ...inline(line)] : inline(line)))}</p>
        ),
      )}
    </div>
  );
}
