import ansis from 'ansis';
import Table from 'cli-table3';

export interface Column<T> {
  /** What `--columns` names it. */
  key: string;
  header: string;
  get: (row: T) => unknown;
  /** TTY-only decoration, e.g. severity colours. */
  style?: (text: string, row: T) => string;
  /**
   * How the column gives way on a narrow terminal: `text` (free text such as a title) is cut
   * first, `keep` (what identifies or judges a row: CVE ids, hostnames, usernames, severities,
   * statuses) never; the rest are cut only after the text and the `optional` columns are gone.
   * Id and `ref` columns are always `keep`.
   */
  fit?: 'text' | 'keep';
  /** The value is an id: a table shows its shortest unique prefix (8 characters or more). */
  id?: boolean;
  /** The value is the id of an asset or a user: a table shows its hostname or username. */
  ref?: 'asset' | 'user';
  /** Left out of a table that cannot fit otherwise (scripts always get it). */
  optional?: boolean;
}

/** Display names for ids, looked up before rendering a table (see `ref`). */
export type NameLookup = Partial<Record<'asset' | 'user', Map<string, string>>>;

/** Short ids are at least this long: 8 hex characters tell 4 billion ids apart. */
const SHORT_ID = 8;
/** A free-text column keeps at least this many characters while other columns can still give way. */
const TEXT_MIN = 16;
/** No column is cut below this. */
const CELL_MIN = 6;

/**
 * The shortest prefixes (at least 8 characters) that tell the given ids apart, like git's
 * abbreviated hashes; every one is accepted wherever the CLI takes an id.
 */
export function shortIds(ids: string[]): Map<string, string> {
  const unique = [...new Set(ids)];
  let length = SHORT_ID;
  while (new Set(unique.map((id) => id.slice(0, length))).size < unique.length) length++;
  return new Map(unique.map((id) => [id, id.slice(0, length)]));
}

/** The time zone absolute times are shown in (the user's `timezone` setting); UTC until set. */
let displayTimeZone = 'UTC';
export function setDisplayTimeZone(zone: string): void {
  displayTimeZone = zone;
}

/** An absolute time for people, in their zone: "2026-01-05 14:03 CET". */
export function formatTime(iso: string, zone = displayTimeZone): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

/**
 * Column widths that fit `width`, or null for a column dropped. In order: free text gives way
 * down to 16 characters, then optional columns are dropped (rightmost first) and the text takes
 * back what they freed, then the other columns give way down to their header, then everything
 * but `keep` down to 6. Ids, CVE ids, hostnames, usernames and severities (`keep`) are never cut:
 * a table that cannot fit otherwise is wider than the terminal rather than useless.
 */
export function fitWidths(
  natural: number[],
  columns: Pick<Column<unknown>, 'fit' | 'optional' | 'header'>[],
  width: number,
): (number | null)[] {
  const widths: (number | null)[] = [...natural];
  const total = () => {
    const shown = widths.filter((w): w is number => w !== null);
    return shown.reduce((a, b) => a + b, 0) + 2 * Math.max(0, shown.length - 1);
  };
  const shrink = (eligible: (i: number) => boolean, floor: (i: number) => number): void => {
    while (total() > width) {
      let widest = -1;
      for (let i = 0; i < widths.length; i++) {
        const w = widths[i];
        if (w == null || !eligible(i) || w <= floor(i)) continue;
        if (widest < 0 || w > (widths[widest] as number)) widest = i;
      }
      if (widest < 0) return;
      widths[widest] = (widths[widest] as number) - 1;
    }
  };
  const kind = (i: number) => columns[i]?.fit;
  shrink(
    (i) => kind(i) === 'text',
    () => TEXT_MIN,
  );
  for (let i = widths.length - 1; i >= 0 && total() > width; i--) if (columns[i]?.optional) widths[i] = null;
  // What the dropped columns freed goes back to the text, which is cut again only as far as needed.
  for (let i = 0; i < widths.length; i++) if (widths[i] !== null) widths[i] = natural[i] as number;
  shrink(
    (i) => kind(i) === 'text',
    () => TEXT_MIN,
  );
  shrink(
    (i) => kind(i) === undefined,
    (i) => Math.max(CELL_MIN, columns[i]?.header.length ?? 0),
  );
  shrink(
    (i) => kind(i) !== 'keep',
    () => CELL_MIN,
  );
  return widths;
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

/** Cuts text to `max` characters, marking the cut with an ellipsis. */
const cut = (cell: string, max: number): string => (cell.length > max ? `${cell.slice(0, Math.max(1, max - 1))}…` : cell);

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** A column name as people type it: `ASSET`, `last seen` and `last-seen` are `asset`, `last_seen`. */
const columnName = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/**
 * Chooses columns by `--columns a,b`, in that order, by the header a table shows (`asset`,
 * `last_seen`) or the field name scripts and CSV use (`asset_id`, `last_seen_at`); unknown names
 * are an error naming the known ones. A column named twice, by either name, is shown once.
 */
export function pickColumns<T>(columns: Column<T>[], wanted: string | undefined): Column<T>[] {
  if (!wanted) return columns;
  const picked = wanted.split(',').map((key) => {
    const name = columnName(key);
    const column = columns.find((c) => c.key === name) ?? columns.find((c) => columnName(c.header) === name);
    if (!column) throw new Error(`Unknown column "${key}"; choose from ${columns.map((c) => columnName(c.header)).join(', ')}`);
    return column;
  });
  return [...new Set(picked)];
}

/** A table for people on a TTY, tab-separated rows for pipes, or CSV. */
export function renderRows<T>(rows: T[], columns: Column<T>[], format: OutputFormat, width = 120, names: NameLookup = {}): string {
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
  // People see short ids and names; scripts (tsv, csv, --json) get the whole ids.
  const short = columns.map((c) => (c.id ? shortIds(rows.map((r) => String(c.get(r) ?? ''))) : undefined));
  const shown = (c: Column<T>, i: number, row: T): unknown => {
    const value = c.get(row);
    if (typeof value !== 'string') return value;
    if (c.ref) return names[c.ref]?.get(value) ?? shortIds([value]).get(value);
    return short[i]?.get(value) ?? value;
  };
  const cells = rows.map((row) => columns.map((c, i) => text(shown(c, i, row), true)));
  const natural = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)));
  const fitted = fitWidths(
    natural,
    // An id, hostname or username cut short names nothing: those are never cut.
    columns.map((c) => ({ ...c, fit: c.id || c.ref ? 'keep' : c.fit })),
    width,
  );
  const kept = columns.map((_, i) => i).filter((i) => fitted[i] !== null);
  const widths = kept.map((i) => fitted[i] as number);
  const table = new Table({
    head: kept.map((c, i) => ansis.bold(cut((columns[c] as Column<T>).header, widths[i] as number))),
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
  cells.forEach((cellRow, r) => {
    table.push(
      kept.map((c, i) => {
        const cell = cut(cellRow[c] ?? '', widths[i] as number);
        const column = columns[c] as Column<T>;
        return column.style ? column.style(cell, rows[r] as T) : cell;
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
