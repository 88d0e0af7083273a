// E-mail HTML is sanitised on the server, but mail is hostile input: render it
// in an iframe with an empty sandbox (no scripts, no same-origin, no forms, no
// top navigation) so a sanitiser bug cannot reach the agent's session.
import { useMemo } from 'react';

const frameStyle =
  '<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data: cid:; style-src \'unsafe-inline\'">' +
  '<style>body{margin:0;font:14px/1.5 system-ui,sans-serif;color:#1f2937;word-wrap:break-word}img{max-width:100%;height:auto}blockquote{margin:0 0 0 .5em;padding-left:.75em;border-left:3px solid #e5e7eb;color:#6b7280}</style>';

export function EmailFrame({ html, title }: { html: string; title: string }) {
  const srcDoc = useMemo(() => frameStyle + html, [html]);
  // Without same-origin we cannot measure the content; estimate from length and
  // let the agent resize (CSS resize: vertical) for long mails.
  const height = Math.min(480, Math.max(80, Math.round(html.replace(/<[^>]+>/g, '').length / 2.2) + 40));
  return <iframe className="email-frame" sandbox="" srcDoc={srcDoc} title={title} style={{ height }} referrerPolicy="no-referrer" />;
}
