import { accessSync, constants, createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { ValidationError } from '@secai/core';
import { parse as parseCsv } from 'csv-parse';
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

/** Reads assets from a file or stdin as they arrive (CSV and NDJSON stream; JSON is one array). */
export async function* readAssets(input: Readable, format: AssetFormat): AsyncGenerator<AssetRecord> {
  if (format === 'csv') {
    const parser = input.pipe(parseCsv({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, info: true }));
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield { line: info.lines, item: fromCsvRow(record) };
    }
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
