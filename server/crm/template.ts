// Campaign templates: {{contact.first_name}}, {{contact.company}}, {{contact.<custom field>}}, with a fallback
// for missing values: {{contact.first_name | "there"}}. Unknown or empty placeholders render the fallback or "".

export interface TemplateContact {
  name: string | null;
  email: string | null;
  phone: string | null;
  attributes: Record<string, unknown>;
  company?: string | null;
  country?: string | null;
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z_][\w.]*)\s*(?:\|\s*"((?:[^"\\]|\\.)*)"\s*)?\}\}/g;

function lookup(path: string, c: TemplateContact): unknown {
  const [scope, key, ...rest] = path.split('.');
  if (scope !== 'contact' || !key || rest.length) return undefined;
  const [first, ...others] = (c.name ?? '').trim().split(/\s+/);
  switch (key) {
    case 'name': return c.name;
    case 'first_name': return first || null;
    case 'last_name': return others.join(' ') || null;
    case 'email': return c.email;
    case 'phone': return c.phone;
    case 'company': return c.company;
    case 'country': return c.country;
    default: {
      const v = c.attributes[key];
      return typeof v === 'object' ? undefined : v;
    }
  }
}

export function renderTemplate(template: string, contact: TemplateContact): string {
  return template.replace(PLACEHOLDER, (_m, path: string, fallback?: string) => {
    const v = lookup(path, contact);
    if (v === null || v === undefined || String(v).trim() === '') return fallback?.replace(/\\(.)/g, '$1') ?? '';
    return String(v);
  });
}

/** The contact keys every template may use besides the custom fields defined in the CRM. */
export const BUILT_IN_CONTACT_KEYS = ['name', 'first_name', 'last_name', 'email', 'phone', 'company', 'country'];

/**
 * Placeholders that name no built-in key and no defined custom field ({{contact.frist_name}}), for
 * templates an agent sends by hand, where a typo would reach the customer verbatim.
 */
export function unknownPlaceholders(template: string, customFieldKeys: string[]): string[] {
  const known = new Set([...BUILT_IN_CONTACT_KEYS, ...customFieldKeys]);
  const unknown: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) {
    const [scope, key, ...rest] = m[1].split('.');
    if (scope !== 'contact' || !key || rest.length || !known.has(key)) unknown.push(m[0]);
  }
  return unknown;
}

/** Placeholders that render empty for this contact because they have no value and no fallback. */
export function missingValues(template: string, contact: TemplateContact): string[] {
  const missing: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) {
    const v = lookup(m[1], contact);
    if (m[2] === undefined && (v === null || v === undefined || String(v).trim() === '')) missing.push(m[0]);
  }
  return missing;
}

/** Placeholders a template uses that no contact can ever fill (typos such as {{contact.frist_name}} still pass: custom fields are open). */
export function templateErrors(template: string): string[] {
  const errors: string[] = [];
  for (const m of template.matchAll(/\{\{([^}]*)\}\}/g)) {
    if (!new RegExp(PLACEHOLDER.source).test(m[0])) errors.push(`cannot read placeholder ${m[0]}`);
    else if (!m[1].trim().startsWith('contact.')) errors.push(`${m[0]}: placeholders start with contact.`);
  }
  return errors;
}
