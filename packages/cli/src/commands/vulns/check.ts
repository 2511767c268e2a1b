import { Flags } from '@oclif/core';
import type { Vulnerability } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { vulnColumns } from '../../lib/columns.js';
import { EXIT } from '../../lib/exit-codes.js';

const LEVELS = ['low', 'medium', 'high', 'critical'] as const;

interface CheckResult {
  passed: boolean;
  fail_on: (typeof LEVELS)[number];
  new_only: boolean;
  failing: Vulnerability[];
}

/** SARIF 2.1.0 of the failing vulnerabilities, for code-scanning dashboards. */
function toSarif(vulns: Vulnerability[], version: string): object {
  const level = (s: string) => (s === 'critical' || s === 'high' ? 'error' : s === 'medium' ? 'warning' : 'note');
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'secai', version, informationUri: 'https://github.com/secai' } },
        results: vulns.map((v) => ({
          ruleId: v.cve_ids[0] ?? v.fingerprint ?? v.id,
          level: level(v.severity),
          message: {
            text: `${v.title}${v.component ? ` in ${v.component} ${v.version ?? ''}`.trimEnd() : ''}${v.fix_version ? `; fixed in ${v.fix_version}` : ''}`,
          },
          ...(v.location && { locations: [{ physicalLocation: { artifactLocation: { uri: v.location.split(':')[0] } } }] }),
          properties: { severity: v.severity, ...(v.cvss_score !== null && { 'security-severity': String(v.cvss_score) }) },
        })),
      },
    ],
  };
}

export default class VulnsCheck extends SecaiCommand<typeof VulnsCheck> {
  static override summary = 'fail a CI job when open vulnerabilities reach a severity';
  static override description =
    `Exit status: 0 when nothing open is at --fail-on or worse, 1 when something is; 4 and 5 mean the check could not run (credentials, server). --new-only looks only at vulnerabilities first seen in the latest import.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %> --fail-on critical',
    {
      description: 'Only what the last scan introduced, as SARIF for code scanning',
      command: '<%= config.bin %> <%= command.id %> --fail-on high --new-only --sarif > secai.sarif',
    },
  ];
  static override flags = {
    'fail-on': Flags.option({ options: LEVELS, summary: 'lowest severity that fails the check', default: 'high' })(),
    'new-only': Flags.boolean({ summary: 'only vulnerabilities first seen in the latest import' }),
    asset: Flags.string({ summary: 'only this asset', helpValue: '<id>' }),
    sarif: Flags.boolean({ summary: 'print the failing vulnerabilities as SARIF 2.1.0', exclusive: ['json'] }),
  };

  async run(): Promise<CheckResult> {
    const { flags } = this;
    const client = this.client();
    let since: string | undefined;
    if (flags['new-only']) {
      const latest = (await client.imports.list({ limit: 1 })).data[0];
      since = latest?.created_at;
    }
    const failing: Vulnerability[] = [];
    if (!flags['new-only'] || since) {
      for await (const v of client.vulns.list({
        status: ['open', 'triaged', 'in_progress'],
        min_severity: flags['fail-on'],
        sort: '-severity',
        limit: 1000,
        ...(since && { since }),
        ...(flags.asset && { asset_id: flags.asset }),
      })) {
        failing.push(v);
      }
    }
    const result: CheckResult = { passed: failing.length === 0, fail_on: flags['fail-on'], new_only: flags['new-only'], failing };
    if (flags.sarif) {
      this.log(JSON.stringify(toSarif(failing, this.config.version), null, 2));
    } else if (!this.jsonEnabled()) {
      const scope = `${flags['new-only'] ? 'new ' : ''}open vulnerabilities at ${flags['fail-on']} or worse`;
      if (result.passed) this.logToStderr(`✓ No ${scope}.`);
      else {
        this.logToStderr(`✗ ${failing.length} ${scope}:`);
        this.printRows(failing.slice(0, 50), vulnColumns, { columns: 'severity,cvss_score,cve_ids,title,component,fix_version' });
        if (failing.length > 50) this.logToStderr(`… and ${failing.length - 50} more (--json lists all).`);
      }
    }
    if (!result.passed) process.exitCode = EXIT.FAILED;
    return result;
  }
}
