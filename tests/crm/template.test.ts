import { describe, expect, it } from 'vitest';
import { renderTemplate, templateErrors } from '../../server/crm/template.js';

const contact = { name: 'Ana Maria Souza', email: 'ana@acme.test', phone: null, attributes: { plan: 'pro', seats: 0, blank: '  ' }, company: 'Acme' };

describe('campaign personalisation', () => {
  it('fills contact fields, name parts, company and custom fields', () => {
    expect(renderTemplate('{{contact.first_name}} {{contact.last_name}} at {{ contact.company }} on {{contact.plan}} with {{contact.seats}} seats', contact))
      .toBe('Ana Maria Souza at Acme on pro with 0 seats');
  });

  it('uses the fallback when a field is missing, empty or unknown', () => {
    const nameless = { ...contact, name: null, company: null };
    expect(renderTemplate('Hi {{contact.first_name | "there"}} from {{contact.company|"your team"}}, {{contact.blank | "n/a"}} {{contact.nope | "x"}}.', nameless))
      .toBe('Hi there from your team, n/a x.');
    expect(renderTemplate('Hi {{contact.first_name}}!', nameless)).toBe('Hi !');
    expect(renderTemplate('{{contact.phone | "say \\"hi\\""}}', nameless)).toBe('say "hi"');
  });

  it('reports placeholders it cannot read instead of sending them raw', () => {
    expect(templateErrors('Hi {{contact.first_name | there}} {{first_name}}')).toEqual([
      'cannot read placeholder {{contact.first_name | there}}', '{{first_name}}: placeholders start with contact.',
    ]);
    expect(templateErrors('Hi {{contact.first_name | "there"}}')).toEqual([]);
  });
});
