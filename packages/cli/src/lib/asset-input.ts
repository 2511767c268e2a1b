import { accessSync, constants, createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { ValidationError } from '@secai/core/errors';
import { parse as parseCsv } from 'csv-parse/sync';
import { unreadableFile } from './input-files.js';

export const ASSET_FORMATS = ['csv', 'json', 'ndjson'] as const;
export type AssetFormat = (typeof ASSET_FORMATS)[number];

/** One input record and where it came from, to report a rejected row by its line. */
export type AssetRecord = { line: number; item: unknown; error?: never } | { line: number; error: string; item?: never };

const LIST_FIELDS = new Set(['ip_addresses', 'tags']);
const NUMBER_FIELDS = new Set(['business_value']);

/** CSV cells are text: lists are split on ; | or spaces, numbers parsed, empty cells dropped. */
function fromCsvRow(row: Record<string, string>): Record<string, unknown> {
  const asset: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(row)) {
    const name = key
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    const value = raw.trim();
    if (value === '') continue;
    if (LIST_FIELDS.has(name)) asset[name] = value.split(/[;|\s]+/).filter(Boolean);
    else if (NUMBER_FIELDS.has(name)) asset[name] = Number(value);
    else asset[name] = value;
  }
  return asset;
}

export function detectFormat(path: string, firstChar?: string): AssetFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (firstChar === '[') return 'json';
  if (firstChar === '{') return 'ndjson';
  return firstChar === undefined ? undefined : 'csv';
}

/**
 * Reads assets from a file or stdin: NDJSON as lines arrive (each line is a record of its own, a
 * bad one is rejected alone); CSV and JSON whole, since a syntax error spoils the rest.
 */
export async function* readAssets(input: Readable, format: AssetFormat): AsyncGenerator<AssetRecord> {
  if (format === 'csv') {
    yield* await readCsv(input);
    return;
  }
  if (format === 'ndjson') {
    let line = 0;
    for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      line++;
      if (text.trim() === '') continue;
      try {
        yield { line, item: JSON.parse(text) as unknown };
      } catch {
        yield { line, error: 'not valid JSON' };
      }
    }
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(chunk as Buffer);
  const parsed = parseJson(Buffer.concat(chunks).toString('utf8'));
  const items = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown[] }).items;
  if (!Array.isArray(items)) throw new Error('A JSON file must hold an array of assets, or {"items": [...]}');
  for (const [i, item] of items.entries()) yield { line: i + 1, item };
}

/**
 * Every row of a CSV input, read to the end before any is imported: an unclosed quote swallows
 * the rest of the file, so a file that is not valid CSV imports nothing, and the error names the
 * line and column where it went wrong (where the quote opened, not where the file ended).
 */
async function readCsv(input: Readable): Promise<AssetRecord[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const records: AssetRecord[] = [];
  try {
    parseCsv(text, {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      // Called as each row is read, so the rows before an error are known (the error ends the parse).
      on_record: (record: Record<string, string>, context) => {
        records.push({ line: context.lines, item: fromCsvRow(record) });
        return null;
      },
    });
  } catch (err) {
    throw csvError(text, err as { code?: string; lines?: number; message: string }, records.at(-1)?.line ?? 1);
  }
  return records;
}

/** csv-parse's error as a ValidationError (exit 2) with the line and column an editor shows. */
function csvError(text: string, err: { code?: string; lines?: number; message: string }, lastGoodLine: number): ValidationError {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  // An unclosed quote is found at the end of the input; it opened on the first line after the last good row.
  let line = err.code === 'CSV_QUOTE_NOT_CLOSED' ? lastGoodLine + 1 : (err.lines ?? lastGoodLine + 1);
  while (line < lines.length && (lines[line - 1] ?? '').trim() === '') line++;
  const quoteAt = (lines[line - 1] ?? '').indexOf('"');
  const column = quoteAt >= 0 ? quoteAt + 1 : 1;
  const reason =
    err.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a quote opened here is never closed'
      : err.code === 'INVALID_OPENING_QUOTE'
        ? 'a quote in the middle of a cell (double it, or quote the whole cell)'
        : err.message.replace(/:.*$/, '').toLowerCase();
  return new ValidationError(
    `Not valid CSV at line ${line}, column ${column}: ${reason}; nothing was imported`,
    [{ code: 'invalid_csv', path: [], message: `line ${line}, column ${column}: ${reason}` }],
    'MALFORMED_CSV',
  );
}

/**
 * JSON.parse, with V8's "at position 11" turned into the line and column an editor shows; the
 * error is a ValidationError (exit 2), since the input is at fault.
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const position = Number(/at position (\d+)/.exec(message)?.[1] ?? Number.NaN);
    const before = Number.isFinite(position) ? text.slice(0, position) : text;
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected end of JSON input$/, 'the input ends too early');
    throw new ValidationError(
      `Not valid JSON at line ${line}, column ${column}: ${reason}`,
      [{ code: 'invalid_json', path: [], message: `line ${line}, column ${column}: ${reason}` }],
      'MALFORMED_JSON',
    );
  }
}

/** The file, or stdin for `-`; a file that is not there fails now (exit 2), not mid-stream. */
export function openInput(path: string): Readable {
  if (path === '-') return process.stdin;
  try {
    accessSync(path, constants.R_OK);
  } catch (err) {
    throw unreadableFile(path, err);
  }
  return createReadStream(path);
}
