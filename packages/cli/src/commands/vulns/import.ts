import { basename } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { SCAN_FORMATS } from '@secai/core/constants';
import type { ScanImport, ScanImportParams, ScanImportPreview } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { readInputText } from '../../lib/input-files.js';
import { followJob, jobFailure, progressDisplay } from '../../lib/job-wait.js';
import type { Column } from '../../lib/output.js';
import { styleSeverity } from '../../lib/output.js';
import { resolveAsset, resolveGroup } from '../../lib/resolve.js';

export default class VulnsImport extends SecaiCommand<typeof VulnsImport> {
  static override summary =
    'import a scanner report (Trivy, Grype, SARIF, Semgrep, Bandit, gitleaks, npm audit, Snyk, nuclei, Nessus, OpenVAS, ZAP, Dependency-Check, Qualys, Nmap)';
  static override description =
    `The format is recognised from the report unless --format says it. Importing the next scan of the same scope (--asset, --group, --tag, or none) opens new findings, fixes the ones no longer reported and reopens those that come back; false positives and risk acceptances are kept.`;
  /** A report the server cannot read is an issue of the upload, whose message names the file ("bad.json: not a Grype report: …"). */
  static override flagForField = { file: '' };
  static override args = { file: Args.string({ description: 'report file, or - for standard input', required: true }) };
  static override examples = [
    '<%= config.bin %> <%= command.id %> trivy.json --asset 3f2a…',
    { description: 'From a pipeline', command: 'trivy image -f json app:1 | <%= config.bin %> <%= command.id %> - --tag app' },
    {
      description: 'A large report: the server imports it as a job; follow it with a progress bar',
      command: '<%= config.bin %> <%= command.id %> nessus.xml --asset web-1 --wait',
    },
    {
      description: 'What the import would open, refresh, fix and reopen, writing nothing',
      command: '<%= config.bin %> <%= command.id %> trivy.json --tag app --dry-run',
    },
  ];
  static override flags = {
    format: Flags.option({ options: SCAN_FORMATS, summary: 'report format (default: recognised)' })(),
    asset: Flags.string({
      summary: 'the asset that was scanned (id, hostname or external id)',
      helpValue: '<asset>',
      exclusive: ['group', 'tag'],
    }),
    group: Flags.string({ summary: 'the asset group that was scanned', helpValue: '<name>', exclusive: ['tag'] }),
    tag: Flags.string({ summary: 'a scope name of your own (engagement, repository, image)', helpValue: '<tag>' }),
    'dry-run': Flags.boolean({ summary: 'show what the import would open, refresh, fix and reopen, and write nothing' }),
    wait: Flags.boolean({
      summary: 'import as a background job and follow its progress; exits 1 if the job fails or is cancelled',
      exclusive: ['dry-run'],
    }),
  };

  async run(): Promise<ScanImport | ScanImportPreview> {
    const { args, flags } = await this.parse(VulnsImport);
    const report = await readInputText(args.file);
    const client = this.client();
    const params = {
      file_name: args.file === '-' ? 'stdin' : basename(args.file),
      ...(flags.format && { format: flags.format }),
      ...(flags.asset && { asset_id: (await resolveAsset(client, flags.asset, { flag: '--asset' })).id }),
      ...(flags.group && { group_id: (await resolveGroup(client, flags.group, { flag: '--group' })).id }),
      ...(flags.tag && { tag: flags.tag }),
    };
    if (flags['dry-run']) return this.preview(await client.imports.preview(report, params));
    const result = flags.wait ? await this.importAsJob(report, params) : await client.imports.create(report, params);
    await this.printRows(
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

  /**
   * `--wait`: the server answers at once with a job (202) and imports in the background; the
   * job's result is the same ScanImport the synchronous import returns, so the output is too.
   */
  private async importAsJob(report: string, params: ScanImportParams): Promise<ScanImport> {
    const client = this.client();
    const queued = await client.imports.create(report, { ...params, async: true });
    this.notice(`Importing as job ${queued.id}…`);
    const display = this.jsonEnabled() ? undefined : await progressDisplay(process.stderr);
    const job = await followJob(client, queued.id, { display });
    if (job.state !== 'succeeded') throw jobFailure(job);
    return job.result as ScanImport;
  }

  /** The dry run: counts on stderr, then one row per finding the import would change. */
  private async preview(preview: ScanImportPreview): Promise<ScanImportPreview> {
    const { changes } = preview;
    this.notice(
      `Dry run, nothing written: ${preview.findings} findings; would open ${preview.new}, refresh ${preview.updated}, fix ${preview.closed}, reopen ${preview.reopened}.`,
    );
    type Row = ScanImportPreview['changes']['open'][number] & { action: string };
    const rows: Row[] = [
      ...changes.open.map((c) => ({ ...c, action: 'open' })),
      ...changes.fix.map((c) => ({ ...c, action: 'fix' })),
      ...changes.reopen.map((c) => ({ ...c, action: 'reopen' })),
      ...changes.refresh.map((c) => ({ ...c, action: 'refresh' })),
    ];
    const columns: Column<Row>[] = [
      { key: 'action', header: 'WOULD', get: (r) => r.action, fit: 'keep' },
      { key: 'severity', header: 'SEVERITY', get: (r) => r.severity, style: (s, r) => styleSeverity(s, r.severity), fit: 'keep' },
      { key: 'title', header: 'TITLE', get: (r) => r.title, fit: 'text' },
      { key: 'location', header: 'LOCATION', get: (r) => r.location, fit: 'text' },
      { key: 'vulnerability_id', header: 'VULNERABILITY', get: (r) => r.vulnerability_id, id: true },
    ];
    await this.printRows(rows, columns, {});
    const shown = Math.max(changes.open.length, changes.fix.length, changes.reopen.length, changes.refresh.length);
    const total = Math.max(preview.new, preview.closed, preview.reopened, preview.updated);
    if (total > shown) this.notice(`Each kind lists its first ${shown}; --json has the same lists, the counts above are complete.`);
    return preview;
  }
}
