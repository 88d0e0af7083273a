import { describe, expect, it } from 'vitest';
import type { VNode } from 'preact';
import { inline, safeHref } from '../../widget/src/ui/markdown.js';

const el = (n: unknown) => n as VNode<Record<string, unknown>>;

describe('markdown-lite', () => {
  it('keeps HTML as plain text: user input never becomes markup', () => {
    const out = inline('<img src=x onerror="alert(1)"> & <b>bold</b>');
    expect(out).toEqual(['<img src=x onerror="alert(1)"> & <b>bold</b>']);
  });

  it('turns bare links, www links and e-mails into safe anchors, leaving trailing punctuation outside', () => {
    const out = inline('See https://fernleaf.test/beans?x=1. Or www.example.com, or mail ann@example.com');
    const anchors = out.filter((n) => typeof n === 'object').map(el);
    expect(anchors.map((a) => a.props.href)).toEqual([
      'https://fernleaf.test/beans?x=1',
      'https://www.example.com/',
      'mailto:ann@example.com',
    ]);
    expect(anchors.every((a) => a.props.rel === 'noopener noreferrer nofollow')).toBe(true);
    expect(out[2]).toBe('. Or ');
  });

  it('refuses javascript: and data: links', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,<script>')).toBeNull();
    const out = inline('[click](javascript:alert(1))');
    expect(out.some((n) => typeof n === 'object' && el(n).type === 'a')).toBe(false);
  });

  it('renders bold, italic and code as elements with text children', () => {
    const out = inline('**big** and *soft* and `x<y`').filter((n) => typeof n === 'object').map(el);
    expect(out.map((n) => n.type)).toEqual(['strong', 'em', 'code']);
    expect(el(out[2]).props.children).toBe('x<y');
  });

  it('does not split emoji or Thai/Chinese text', () => {
    expect(inline('สวัสดีค่ะ 👩‍💻 你好')).toEqual(['สวัสดีค่ะ 👩‍💻 你好']);
  });
});
