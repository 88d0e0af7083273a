// The agent UI's rendering of the chat markdown the widget uses too (widget/src/markdown/parse.ts), so an
// agent sees a message exactly as the visitor does.
import type { ReactNode } from 'react';
import { parseMarkdown, type MdInline } from '../../../widget/src/markdown/parse';

function inline(nodes: MdInline[]): ReactNode[] {
  return nodes.map((n, k) => {
    if (typeof n === 'string') return n;
    if (n.kind === 'code') return <code key={k}>{n.text}</code>;
    if (n.kind === 'link') return <a key={k} href={n.href} target="_blank" rel="noopener noreferrer nofollow">{n.text}</a>;
    return n.kind === 'strong' ? <strong key={k}>{inline(n.children)}</strong> : <em key={k}>{inline(n.children)}</em>;
  });
}

export function Markdown({ text, className }: { text: string; className?: string }) {
  return (
    <div className={className} dir="auto">
      {parseMarkdown(text).map((b, i) =>
        b.kind === 'ul' ? (
          <ul key={i}>{b.items.map((item, j) => <li key={j}>{inline(item)}</li>)}</ul>
        ) : (
          <p key={i}>{b.lines.flatMap((line, j) => (j ? [<br key={`b${j}`} />, ...inline(line)] : inline(line)))}</p>
        ),
      )}
    </div>
  );
}
