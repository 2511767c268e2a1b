import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { SCAN_FORMATS } from '@secai/core';
import type { ScanImport } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export default class VulnsImport extends SecaiCommand<typeof VulnsImport> {
  static override summary =
    'import a scanner report (Trivy, Grype, SARIF, Semgrep, Bandit, gitleaks, npm audit, Snyk, nuclei, Nessus, OpenVAS, ZAP, Dependency-Check, Qualys, Nmap)';
  static override description =
    `The format is recognised from the report unless --format says it. Importing the next scan of the same scope (--asset, --group, --tag, or none) opens new findings, fixes the ones no longer reported and reopens those that come back; false positives and risk acceptances are kept.`;
  static override args = { file: Args.string({ description: 'report file, or - for standard input', required: true }) };
  static override examples = [
    '<%= config.bin %> <%= command.id %> trivy.json --asset 3f2a…',
    { description: 'From a pipeline', command: 'trivy image -f json app:1 | <%= config.bin %> <%= command.id %> - --tag app' },
  ];
  static override flags = {
    format: Flags.option({ options: SCAN_FORMATS, summary: 'report format (default: recognised)' })(),
    asset: Flags.string({ summary: 'the asset that was scanned', helpValue: '<id>', exclusive: ['group', 'tag'] }),
    group: Flags.string({ summary: 'the asset group that was scanned', helpValue: '<id>', exclusive: ['tag'] }),
    tag: Flags.string({ summary: 'a scope name of your own (engagement, repository, image)', helpValue: '<tag>' }),
  };

  async run(): Promise<ScanImport> {
    const { args, flags } = await this.parse(VulnsImport);
    const report = args.file === '-' ? await readStdin() : await readFile(args.file, 'utf8');
    const result = await this.client().imports.create(report, {
      file_name: args.file === '-' ? 'stdin' : basename(args.file),
      ...(flags.format && { format: flags.format }),
      ...(flags.asset && { asset_id: flags.asset }),
      ...(flags.group && { group_id: flags.group }),
      ...(flags.tag && { tag: flags.tag }),
    });
    this.printRows(
      [result],
      [
        { key: 'format', header: 'FORMAT', get: (r) => r.format },
        { key: 'findings', header: 'FINDINGS', get: (r) => r.findings },
        { key: 'new', header: 'NEW', get: (r) => r.new },
        { key: 'updated', header: 'SEEN AGAIN', get: (r) => r.updated },
        { key: 'closed', header: 'FIXED', get: (r) => r.closed },
        { key: 'reopened', header: 'REOPENED', get: (r) => r.reopened },
        { key: 'id', header: 'IMPORT', get: (r) => r.id },
      ],
      {},
    );
    return result;
  }
}
