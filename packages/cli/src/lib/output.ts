import ansis from 'ansis';
import Table from 'cli-table3';

export interface Column<T> {
  /** What `--columns` names it. */
  key: string;
  header: string;
  get: (row: T) => unknown;
  /** TTY-only decoration, e.g. severity colours. */
  style?: (text: string, row: T) => string;
}

export type OutputFormat = 'table' | 'tsv' | 'csv';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** "3m ago", "in 2d", like gh's table printer; only for people, scripts get ISO-8601. */
export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const abs = Math.abs(seconds);
  const [n, unit] =
    abs < 60
      ? [abs, 's']
      : abs < 3600
        ? [Math.floor(abs / 60), 'm']
        : abs < 86_400
          ? [Math.floor(abs / 3600), 'h']
          : abs < 86_400 * 365
            ? [Math.floor(abs / 86_400), 'd']
            : [Math.floor(abs / (86_400 * 365)), 'y'];
  return seconds <= 0 ? `${n}${unit} ago` : `in ${n}${unit}`;
}

function text(value: unknown, human: boolean): string {
  if (value === null || value === undefined) return human ? '-' : '';
  if (Array.isArray(value)) return value.length > 0 ? value.join(',') : human ? '-' : '';
  if (typeof value === 'string' && human && ISO.test(value)) return relativeTime(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** Chooses columns by `--columns a,b`, in that order; unknown names are an error naming the known ones. */
export function pickColumns<T>(columns: Column<T>[], wanted: string | undefined): Column<T>[] {
  if (!wanted) return columns;
  return wanted.split(',').map((key) => {
    const column = columns.find((c) => c.key === key.trim());
    if (!column) throw new Error(`Unknown column "${key}"; choose from ${columns.map((c) => c.key).join(', ')}`);
    return column;
  });
}

/** A table for people on a TTY, tab-separated rows for pipes, or CSV. */
export function renderRows<T>(rows: T[], columns: Column<T>[], format: OutputFormat, width = 120): string {
  if (format === 'csv') {
    const lines = [columns.map((c) => csvCell(c.key)).join(',')];
    for (const row of rows) lines.push(columns.map((c) => csvCell(text(c.get(row), false))).join(','));
    return `${lines.join('\n')}\n`;
  }
  if (format === 'tsv') {
    return (
      rows.map((row) => columns.map((c) => text(c.get(row), false).replace(/[\t\n]/g, ' ')).join('\t')).join('\n') +
      (rows.length ? '\n' : '')
    );
  }
  const table = new Table({
    head: columns.map((c) => ansis.bold(c.header)),
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '  ',
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    wordWrap: false,
  });
  // Fit the terminal: the widest column gives way first.
  const cells = rows.map((row) => columns.map((c) => text(c.get(row), true)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)));
  while (widths.reduce((a, b) => a + b + 2, 0) > width && Math.max(...widths) > 12) {
    const i = widths.indexOf(Math.max(...widths));
    widths[i] = (widths[i] ?? 12) - 1;
  }
  cells.forEach((cellRow, r) => {
    table.push(
      cellRow.map((cell, i) => {
        const max = widths[i] ?? cell.length;
        const cut = cell.length > max ? `${cell.slice(0, Math.max(1, max - 1))}…` : cell;
        const column = columns[i] as Column<T>;
        return column.style ? column.style(cut, rows[r] as T) : cut;
      }),
    );
  });
  return `${table.toString()}\n`;
}

const SEVERITY_STYLE: Record<string, (s: string) => string> = {
  critical: (s) => ansis.red.bold(s),
  high: (s) => ansis.red(s),
  medium: (s) => ansis.yellow(s),
  low: (s) => ansis.blue(s),
  info: (s) => ansis.gray(s),
};

export function styleSeverity(textValue: string, severity: string): string {
  return (SEVERITY_STYLE[severity] ?? ((s: string) => s))(textValue);
}
