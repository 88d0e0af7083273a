// Readable one-line renderings of content that has no text of its own, shared by every messaging platform so a
// location or a sticker reads the same in the inbox whichever app it came from.

export function describeLocation(p: { latitude: number; longitude: number; title?: string | null; address?: string | null }): string {
  const place = [p.title, p.address].filter(Boolean).join(', ');
  const coords = `${p.latitude}, ${p.longitude}`;
  return `📍 Shared a location${place ? `: ${place}` : ''} (${coords}) https://www.openstreetmap.org/?mlat=${p.latitude}&mlon=${p.longitude}`;
}

export function describeSticker(label?: string | null): string {
  return label ? `[Sticker ${label}]` : '[Sticker]';
}

export function describeContact(name: string, phone?: string | null): string {
  return `👤 Shared a contact: ${name}${phone ? ` ${phone}` : ''}`;
}

export function unsupported(platform: string, type: string): string {
  return `[${platform} ${type} message — open the app to see it]`;
}

/** Platforms without native quick replies, or with fewer slots than offered, get the choices as a numbered list. */
export function choicesAsText(text: string, choices: { label: string }[]): string {
  const list = choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n');
  return text ? `${text}\n\n${list}` : list;
}
