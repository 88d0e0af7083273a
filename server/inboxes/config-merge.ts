// How an edit of an inbox's config combines with what is stored. Top-level keys sent replace the stored ones;
// a channel's settings groups (the web widget's `widget`) are merged one setting at a time, so saving the
// colour never drops the greeting.

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The stored config with the edit applied; inside a group a setting sent as null is cleared. */
export function mergeInboxConfig(current: Obj, patch: Obj, groups: readonly string[]): Obj {
  const merged: Obj = { ...current, ...patch };
  for (const g of groups) {
    if (!(g in patch)) continue;
    const sent = patch[g];
    if (sent === null) merged[g] = {};
    // Anything else that is not an object is left for the channel's schema to refuse with its own message.
    if (!isObject(sent)) continue;
    const next: Obj = isObject(current[g]) ? { ...current[g] } : {};
    for (const [k, v] of Object.entries(sent)) {
      if (v === null) delete next[k];
      else next[k] = v;
    }
    merged[g] = next;
  }
  return merged;
}

/**
 * Validation fills in defaults (a pre-chat field's type, say); settings of a group that the edit did not send
 * are put back exactly as they were stored.
 */
export function keepUntouchedSettings(valid: Obj, current: Obj, patch: Obj, groups: readonly string[]): Obj {
  const out = { ...valid };
  for (const g of groups) {
    const stored = current[g];
    if (patch[g] === null || !isObject(stored) || !isObject(out[g])) continue;
    const sent = isObject(patch[g]) ? patch[g] : {};
    const group: Obj = { ...out[g] };
    for (const [k, v] of Object.entries(stored)) if (!(k in sent)) group[k] = v;
    out[g] = group;
  }
  return out;
}

/** An edit that makes a group equal to `settings`: every stored setting not in it is sent as null. */
export function replaceGroup(current: Obj, group: string, settings: Obj): Obj {
  const stored = isObject(current[group]) ? current[group] : {};
  return { [group]: { ...Object.fromEntries(Object.keys(stored).map((k) => [k, null])), ...settings } };
}
