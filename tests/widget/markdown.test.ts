// The chat markdown both the widget and the agent UI render (widget/src/markdown/parse.ts).
import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, safeHref } from '../../widget/src/markdown/parse.js';

describe('chat markdown', () => {
  it('keeps HTML as plain text: user input never becomes markup', () => {
    expect(parseInline('<img src=x onerror="alert(1)"> & <b>bold</b>')).toEqual(['<img src=x onerror="alert(1)"> & <b>bold</b>']);
  });

  it('turns bare links, www links and e-mails into safe links, leaving trailing punctuation outside', () => {
    const out = parseInline('See https://fernleaf.test/beans?x=1. Or www.example.com, or mail ann@example.com');
    expect(out).toEqual([
      'See ', { kind: 'link', href: 'https://fernleaf.test/beans?x=1', text: 'https://fernleaf.test/beans?x=1' },
      '. Or ', { kind: 'link', href: 'https://www.example.com/', text: 'www.example.com' },
      ', or mail ', { kind: 'link', href: 'mailto:ann@example.com', text: 'ann@example.com' },
    ]);
  });

  it('refuses javascript: and data: links and keeps only the label, parentheses and all consumed', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,<script>')).toBeNull();
    expect(parseInline('[link](javascript:alert(1))')).toEqual(['link']);
    expect(parseInline('see [click](javascript:void(0)) now')).toEqual(['see click now']);
  });

  it('keeps a link whose address has balanced parentheses whole', () => {
    expect(parseInline('[Espresso](https://en.wikipedia.org/wiki/Espresso_(drink))')).toEqual([
      { kind: 'link', href: 'https://en.wikipedia.org/wiki/Espresso_(drink)', text: 'Espresso' },
    ]);
  });

  it('renders bold, italic and code as tokens with text inside', () => {
    expect(parseInline('**big** and *soft* and `x<y`')).toEqual([
      { kind: 'strong', children: ['big'] }, ' and ', { kind: 'em', children: ['soft'] }, ' and ', { kind: 'code', text: 'x<y' },
    ]);
  });

  it('splits paragraphs, line breaks and lists', () => {
    expect(parseMarkdown('Our **espresso**:\n- single\n- double\n\nThanks!\nAna')).toEqual([
      { kind: 'p', lines: [['Our ', { kind: 'strong', children: ['espresso'] }, ':']] },
      { kind: 'ul', items: [['single'], ['double']] },
      { kind: 'p', lines: [['Thanks!'], ['Ana']] },
    ]);
  });

  it('does not split emoji or Thai/Chinese text', () => {
    expect(parseInline('สวัสดีค่ะ 👩‍💻 你好')).toEqual(['สวัสดีค่ะ 👩‍💻 你好']);
  });
});
