// One fetch wrapper for the whole app: bearer token, JSON, the server's error
// shape, and a single place that notices an expired session.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string | string[]>,
    /** From the Retry-After header of a 429: how long until trying again can succeed. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'sb.token';
let token: string | null = readStoredToken();
const expiryListeners = new Set<() => void>();

function readStoredToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function getToken(): string | null {
  return token;
}

export function setToken(next: string | null): void {
  token = next;
  try {
    if (next) localStorage.setItem(TOKEN_KEY, next);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    /* private mode: the cookie still carries the session */
  }
}

/** Called when any request comes back 401: the session is gone, whatever the screen. */
export function onSessionExpired(listener: () => void): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Login itself returns 401 for bad credentials; that is not an expiry. */
  ignoreExpiry?: boolean;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // FormData and Blob bodies go as they are; the browser sets their Content-Type (multipart, text/csv ...).
  const isRaw = (typeof FormData !== 'undefined' && opts.body instanceof FormData) || (typeof Blob !== 'undefined' && opts.body instanceof Blob);
  if (opts.body !== undefined && !isRaw) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      signal: opts.signal,
      body: opts.body === undefined ? undefined : isRaw ? (opts.body as BodyInit) : JSON.stringify(opts.body),
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'Network error');
  }
  if (res.status === 401 && !opts.ignoreExpiry) {
    setToken(null);
    expiryListeners.forEach((l) => l());
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; fields?: Record<string, string> } })?.error;
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new ApiError(res.status, e?.code ?? `http_${res.status}`, e?.message ?? res.statusText, e?.fields, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
  }
  return data as T;
}

function apiErrorFrom(status: number, text: string, retryAfterHeader: string | null): ApiError {
  let data: unknown;
  try { data = text ? JSON.parse(text) : undefined; } catch { data = undefined; }
  const e = (data as { error?: { code?: string; message?: string; fields?: Record<string, string> } })?.error;
  const retryAfter = Number(retryAfterHeader);
  return new ApiError(status, e?.code ?? `http_${status}`, e?.message ?? `HTTP ${status}`, e?.fields, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
}

/**
 * POST of a multipart body that reports how much of it has been sent. fetch() cannot report upload progress,
 * so this one request goes through XMLHttpRequest, with the same token, cookie, errors and expiry as the rest.
 */
export function uploadWithProgress<T>(path: string, form: FormData, onProgress?: (fraction: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    if (onProgress) xhr.upload.onprogress = (e) => { if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total); };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Network error'));
    xhr.onload = () => {
      if (xhr.status === 401) {
        setToken(null);
        expiryListeners.forEach((l) => l());
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        try { resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T); } catch { reject(new ApiError(xhr.status, 'bad_response', 'Unreadable response')); }
        return;
      }
      reject(apiErrorFrom(xhr.status, xhr.responseText, xhr.getResponseHeader('retry-after')));
    };
    xhr.send(form);
  });
}

/**
 * A file from the API (CSV exports) saved under the given name, with the same token, cookie, errors and expiry as
 * every other request: a refused export throws instead of saving the error as the file.
 */
export async function downloadFile(path: string, filename: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {}, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'Network error');
  }
  if (res.status === 401) {
    setToken(null);
    expiryListeners.forEach((l) => l());
  }
  if (!res.ok) throw apiErrorFrom(res.status, await res.text(), res.headers.get('retry-after'));
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: filename });
  a.click();
  URL.revokeObjectURL(url);
}

export const http = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, { signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  del: <T>(path: string) => request<T>('DELETE', path),
};

export function qs(params: Record<string, string | number | undefined | null>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** Field errors keyed by form field; "config.imap.host" becomes "imap.host" for config forms. */
export function fieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError) || !e.fields) return {};
  return Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k.replace(/^config\./, ''), Array.isArray(v) ? v.join(', ') : String(v)]));
}
