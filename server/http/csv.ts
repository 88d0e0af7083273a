// CSV in and out of the API (contact import, knowledge-base import, segment export), through csv-parse and
// csv-stringify rather than hand-written parsers.
import { createRequire } from 'node:module';
import type { Options as StringifyOptions } from 'csv-stringify/sync';
import { badRequest } from '../errors.js';

// Read at the first import or export rather than at start; parseCsv and csvLine are synchronous, so required.
const require = createRequire(import.meta.url);
let parser: typeof import('csv-parse/sync') | undefined;
let stringifier: typeof import('csv-stringify/sync') | undefined;
const csvParse = () => (parser ??= require('csv-parse/sync') as typeof import('csv-parse/sync'));
const csvStringify = () => (stringifier ??= require('csv-stringify/sync') as typeof import('csv-stringify/sync'));

/**
 * The rows of an uploaded CSV file (RFC 4180: quoted cells hold commas, doubled quotes and line breaks). Files
 * come from every kind of spreadsheet, so a byte-order mark is dropped, \r\n, \n and \r all end a row, blank
 * rows are skipped, a stray quote inside an unquoted cell is kept as text, and rows may be shorter or longer
 * than the header (callers validate the cells of each row and report per row). A file that cannot be read at
 * all (a quote never closed) is bad input naming the line.
 */
export function parseCsv(text: string, field = 'csv'): string[][] {
  const { CsvError, parse } = csvParse();
  try {
    return parse(text, {
      bom: true, record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, relax_quotes: true, skip_records_with_empty_values: true,
    });
  } catch (err) {
    if (err instanceof CsvError) throw badRequest(`The CSV file cannot be read: ${err.message}`, { [field]: err.code });
    throw err;
  }
}

const EXPORT: StringifyOptions = {
  record_delimiter: '\r\n',
  // With an explicit record delimiter csv-stringify would stop quoting cells that hold a lone \n or \r.
  quote_record_delimiter: true,
  // A cell starting with = + - @ tab or CR would be evaluated by a spreadsheet: it is prefixed with ' so exported
  // data stays data (negative numbers are left alone).
  escape_formulas: true,
  cast: { boolean: (b) => String(b), date: (d) => d.toISOString() },
};

/** One exported row, ending in \r\n; null and undefined are empty cells, objects are written as JSON. */
export const csvLine = (values: unknown[]): string => csvStringify().stringify([values], EXPORT);
