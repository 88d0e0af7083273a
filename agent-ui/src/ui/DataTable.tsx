// One table for every list of records: sortable headers (aria-sort), a sticky header inside its own scroller,
// and the shared loading / error / empty states in place of rows.
import { useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import type { IconName } from './Icon';
import { EmptyState, ErrorState, Spinner } from './States';

export interface Column<Row> {
  key: string;
  label: string;
  render: (row: Row) => ReactNode;
  /** Present when the column can be sorted by. */
  sortValue?: (row: Row) => string | number | null;
  numeric?: boolean;
  /** The column that names the row: a row header for screen readers. */
  rowHeader?: boolean;
}

type Sort = { key: string; dir: 'asc' | 'desc' } | null;

export function DataTable<Row>({ label, columns, rows, rowKey, loading, error, onRetry, empty, initialSort, maxHeight }: {
  label: string;
  columns: Column<Row>[];
  rows: Row[] | null;
  rowKey: (row: Row) => string;
  loading?: boolean;
  error?: string | null;
  onRetry?: () => void;
  empty: { icon: IconName; title: string; body?: ReactNode };
  initialSort?: Sort;
  maxHeight?: string;
}) {
  const { t, locale } = useI18n();
  const [sort, setSort] = useState<Sort>(initialSort ?? null);
  const sorted = useMemo(() => {
    const col = sort && columns.find((c) => c.key === sort.key);
    if (!rows || !col?.sortValue) return rows;
    const collator = new Intl.Collator(locale, { numeric: true });
    const value = col.sortValue;
    const out = [...rows].sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    });
    return sort?.dir === 'desc' ? out.reverse() : out;
  }, [rows, sort, columns, locale]);

  if (error) return <ErrorState message={error} onRetry={onRetry} retryLabel={t('common.retry')} />;
  if (loading || !sorted) return <Spinner label={t('common.loading')} />;
  if (!sorted.length) return <EmptyState icon={empty.icon} title={empty.title}>{empty.body}</EmptyState>;

  const toggle = (key: string) => setSort((s) => (s?.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }));
  return (
    <div className="data-table-wrap" style={maxHeight ? { maxHeight } : undefined} tabIndex={0} role="region" aria-label={label}>
      <table className="data-table">
        <thead>
          <tr>
            {columns.map((c) => {
              const dir = sort?.key === c.key ? sort.dir : null;
              return (
                <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined}
                  aria-sort={dir ? (dir === 'asc' ? 'ascending' : 'descending') : c.sortValue ? 'none' : undefined}>
                  {c.sortValue ? (
                    <button type="button" className="sort-btn" onClick={() => toggle(c.key)}>
                      {c.label}<span className="sort-mark" aria-hidden="true">{dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : '↕'}</span>
                    </button>
                  ) : c.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => c.rowHeader
                ? <th key={c.key} scope="row">{c.render(row)}</th>
                : <td key={c.key} className={c.numeric ? 'num' : undefined}>{c.render(row)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
