import { basename } from 'node:path';
import { Args, Flags } from '@oclif/core';
import type { ImportProgress } from '@secai/sdk';
import { ASSET_FORMATS, type AssetFormat, detectFormat, openInput, readAssets } from '../../lib/asset-input.js';
import { SecaiCommand } from '../../lib/base-command.js';
import { EXIT } from '../../lib/exit-codes.js';
import { readInputText } from '../../lib/input-files.js';

interface Rejected {
  line: number;
  error: string;
  code: string;
}

interface ImportSummary {
  created: number;
  updated: number;
  failed: number;
  rejected: Rejected[];
}

export default class AssetsImport extends SecaiCommand<typeof AssetsImport> {
  static override summary = 'create or update assets from a CSV, JSON or NDJSON file';
  static override description =
    `Nmap XML (-oX) adds the hosts it found and records their open ports. Assets match existing ones by external_id, else hostname, else first IP address, so importing the same file again updates instead of duplicating. CSV columns are the asset fields (hostname, ip_addresses, os, asset_type, owner, criticality, exposure, business_value, tags, external_id); list cells separate values with ";" or spaces. Every rejected row is printed with its line and reason; the others are saved.

Exit status: 0 when every row was saved, 1 when some were rejected.`;
  static override examples = [
    { description: 'Import a CMDB export', command: '<%= config.bin %> <%= command.id %> hosts.csv' },
    {
      description: 'From another tool, as NDJSON on stdin',
      command: 'inventory-dump | <%= config.bin %> <%= command.id %> - --format ndjson',
    },
  ];
  static override args = { file: Args.string({ description: 'file to read, or - for standard input', required: true }) };
  static override flags = {
    format: Flags.option({
      options: [...ASSET_FORMATS, 'nmap'] as const,
      summary: 'input format (default: from the file name or content)',
    })(),
    'batch-size': Flags.integer({ summary: 'assets per request', default: 1000, min: 1, max: 10_000, helpValue: '<n>' }),
  };

  async run(): Promise<ImportSummary> {
    const { args, flags } = await this.parse(AssetsImport);
    if (flags.format === 'nmap' || (!flags.format && /\.xml$/i.test(args.file))) return this.importNmap(args.file);
    const input = openInput(args.file);
    const format = (flags.format ?? (await this.sniff(args.file, input))) as AssetFormat;
    const client = this.client();
    const lines: number[] = [];
    const rejected: Rejected[] = [];
    async function* items() {
      for await (const record of readAssets(input, format)) {
        if (record.error !== undefined) {
          rejected.push({ line: record.line, error: record.error, code: 'MALFORMED_INPUT' });
          continue;
        }
        lines.push(record.line);
        yield record.item;
      }
    }
    const result = await client.assets.import(items(), { batchSize: flags['batch-size'], onProgress: (p) => this.progress(p) });
    if (process.stderr.isTTY && !this.jsonEnabled()) process.stderr.write('\n');
    for (const f of result.failed) rejected.push({ line: lines[f.index] ?? f.index + 1, error: f.error, code: f.code });
    rejected.sort((a, b) => a.line - b.line);
    const summary = { created: result.created, updated: result.updated, failed: rejected.length, rejected };
    if (!this.jsonEnabled()) {
      for (const r of rejected) this.logToStderr(`line ${r.line}: ${r.error}`);
      this.log(`${summary.created} created, ${summary.updated} updated, ${summary.failed} rejected`);
    }
    if (rejected.length > 0) process.exitCode = EXIT.FAILED;
    return summary;
  }

  /**
   * Nmap XML goes through the report import: hosts become assets (existing ones only get their
   * addresses and OS refreshed) and open ports are recorded as exposures.
   */
  private async importNmap(file: string): Promise<ImportSummary> {
    const text = await readInputText(file);
    const result = await this.client().imports.create(text, { format: 'nmap', file_name: file === '-' ? 'stdin' : basename(file) });
    const summary = { created: result.hosts, updated: 0, failed: 0, rejected: [] };
    if (!this.jsonEnabled())
      this.log(`${result.hosts} hosts recorded as assets; ${result.findings} open ports and CVEs (import ${result.id})`);
    return summary;
  }

  private progress(p: ImportProgress): void {
    if (!process.stderr.isTTY || this.jsonEnabled()) return;
    process.stderr.write(`\rImporting… ${p.sent} sent: ${p.created} created, ${p.updated} updated, ${p.failed} rejected`);
  }

  /** Picks the format from the file name, else from the first character of the content. */
  private async sniff(path: string, input: NodeJS.ReadableStream): Promise<AssetFormat> {
    const byName = detectFormat(path);
    if (byName) return byName;
    const first = await new Promise<string | undefined>((resolve) => {
      input.once('readable', () => {
        const chunk = input.read(1) as Buffer | string | null;
        if (chunk !== null) input.unshift(chunk);
        resolve(chunk === null ? undefined : String(chunk).trimStart()[0]);
      });
    });
    const format = detectFormat('', first);
    if (!format) this.error('The input is empty.', { exit: EXIT.USAGE });
    return format;
  }
}
