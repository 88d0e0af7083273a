// Initials on a colour derived from the id, so the same person always looks the same.
const palette = ['#4338ca', '#0e7490', '#047857', '#92400e', '#be123c', '#6d28d9', '#0f766e', '#c2410c'];

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}

export function initials(name: string | null | undefined): string {
  const parts = (name ?? '?').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  // Array.from keeps Thai / Chinese / emoji graphemes whole enough for an avatar.
  const first = Array.from(parts[0])[0] ?? '?';
  const second = parts.length > 1 ? Array.from(parts[parts.length - 1])[0] ?? '' : '';
  return (first + second).toUpperCase();
}

export function Avatar({ name, id, url, size = 28, title }: { name: string | null | undefined; id: string; url?: string | null; size?: number; title?: string }) {
  const style = { width: size, height: size, fontSize: Math.round(size * 0.4), background: palette[hash(id) % palette.length] };
  if (url) return <img className="avatar" src={url} alt={title ?? name ?? ''} style={style} />;
  return (
    <span className="avatar" style={style} title={title} role={title ? 'img' : undefined} aria-label={title}>
      <span aria-hidden="true">{initials(name)}</span>
    </span>
  );
}
