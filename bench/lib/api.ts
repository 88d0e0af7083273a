// Just enough of the public API for the bench to sign in and switch features on, over real HTTP.
export interface Admin { url: string; token: string; widgetKey: string; inboxId: string }

export async function call<T = any>(url: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const r = await fetch(`${url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path} → ${r.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const BENCH_ADMIN = { ADMIN_EMAIL: 'bench@example.com', ADMIN_PASSWORD: 'bench-password' };

export async function signIn(url: string): Promise<Admin> {
  const { token } = await call<{ token: string }>(url, 'POST', '/api/auth/login', undefined, { email: BENCH_ADMIN.ADMIN_EMAIL, password: BENCH_ADMIN.ADMIN_PASSWORD });
  const inboxes = await call<{ id: string; widgetKey?: string; channel: string }[]>(url, 'GET', '/api/inboxes', token);
  const web = inboxes.find((i) => i.widgetKey)!;
  return { url, token, widgetKey: web.widgetKey!, inboxId: web.id };
}

export async function newVisitor(url: string, widgetKey: string): Promise<string> {
  const { visitorToken } = await call<{ visitorToken: string }>(url, 'POST', '/api/widget/sessions', undefined, { widgetKey });
  return visitorToken;
}
