// The server names a refused value by its path (`widget.attachments.maxBytes`, `allowedOrigins.2`); each field
// shows the first error at or under its own path.
export type Errors = Record<string, string>;

export function errorAt(errors: Errors, path: string): string | undefined {
  const key = Object.keys(errors).find((k) => k === path || k.startsWith(`${path}.`));
  return key ? errors[key] : undefined;
}
