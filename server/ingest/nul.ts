// PostgreSQL text and jsonb cannot hold NUL characters and fail the whole statement on one. A channel
// cannot refuse what a customer sent (the provider would retry forever), so NULs are dropped here, once,
// for everything the pipeline stores. Buffers (attachment data) go into bytea untouched. Values without
// a NUL come back as the same object, so the common case costs one walk and no copy.
export function withoutNul<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
  if (!value || typeof value !== 'object' || Buffer.isBuffer(value) || value instanceof Date || depth > 32) return value;
  let changed = false;
  const clean = (v: unknown) => {
    const out = withoutNul(v, depth + 1);
    if (out !== v) changed = true;
    return out;
  };
  if (Array.isArray(value)) {
    const items = value.map(clean);
    return (changed ? items : value) as T;
  }
  const entries = Object.entries(value).map(([k, v]) => [clean(k), clean(v)] as const);
  return (changed ? Object.fromEntries(entries) : value) as T;
}
