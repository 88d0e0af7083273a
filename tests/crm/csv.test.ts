// The CSV reader behind the contact and knowledge-base imports and the writer behind segment exports.
import { describe, expect, it } from 'vitest';
import { csvLine, parseCsv } from '../../server/http/csv.js';
import { DomainError } from '../../server/errors.js';
import { HTTP_STATUS } from '../../server/http/errors.js';

describe('parseCsv', () => {
  it('reads what spreadsheets write: BOM, quoted commas, quotes and line breaks, any line ending, blank rows', () => {
    const text = '\uFEFFname,note\r\n"Eve, Jr.","said ""hi""\non two lines"\r\n\r\n , \nBo,x\rCy,"a\r\nb"';
    expect(parseCsv(text)).toEqual([['name', 'note'], ['Eve, Jr.', 'said "hi"\non two lines'], ['Bo', 'x'], ['Cy', 'a\r\nb']]);
  });

  it('keeps short and long rows and stray quotes for the caller to judge row by row', () => {
    expect(parseCsv('a,b,c\n1\n1,2,3,4\nab"c,d')).toEqual([['a', 'b', 'c'], ['1'], ['1', '2', '3', '4'], ['ab"c', 'd']]);
  });

  it('refuses a file with a quote that is never closed as bad input naming the line', () => {
    let caught: unknown;
    try { parseCsv('a,b\n1,2\n"open,3\n', 'file'); } catch (err) { caught = err; }
    expect(caught).toBeInstanceOf(DomainError);
    expect(HTTP_STATUS[(caught as DomainError).kind]).toBe(400);
    expect((caught as DomainError).message).toContain('line 3');
    expect((caught as DomainError).fields).toEqual({ file: 'CSV_QUOTE_NOT_CLOSED' });
  });
});

describe('csvLine', () => {
  it('quotes what needs quoting and ends rows with CRLF', () => {
    expect(csvLine(['plain', 'a,b', 'say "x"', 'one\ntwo', 'cr\rlf', null, undefined, 7, true, false, { k: [1] }])).toBe(
      'plain,"a,b","say ""x""","one\ntwo","cr\rlf",,,7,true,false,"{""k"":[1]}"\r\n');
  });

  it('neutralises cells a spreadsheet would evaluate, but not negative numbers', () => {
    expect(csvLine(['=HYPERLINK("x")', '+1', '-1', '@SUM(A1)', '\tx', '\uFF1D1', -5, 'ok'])).toBe(
      `"'=HYPERLINK(""x"")",'+1,'-1,'@SUM(A1),'\tx,'\uFF1D1,-5,ok\r\n`);
  });

  it('round-trips through the reader', () => {
    const row = ['Eve, Jr.', 'said "hi"\non two lines', 'x'];
    expect(parseCsv(csvLine(row) + csvLine(row))).toEqual([row, row]);
  });
});
