import { Flags } from '@oclif/core';
import { SEVERITIES } from '@secai/core/constants';
import type { Severity } from '@secai/core/schemas';
import { OPEN_VULN_STATUSES } from '@secai/core/vulnerability-status';
import type { Vulnerability } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { vulnColumns } from '../../lib/columns.js';
import { EXIT } from '../../lib/exit-codes.js';
import type { Column } from '../../lib/output.js';
import { assertImportTag, resolveAsset, resolveGroup } from '../../lib/resolve.js';
import { assetNames } from '../../lib/row-names.js';

/** Severities a gate can fail on: every one but info. */
const LEVELS = SEVERITIES.filter((s): s is Exclude<Severity, 'info'> => s !== 'info');

/** A failing vulnerability and where it is: its asset's name, else the scanner's location. */
type Failing = Vulnerability & { where: string | null };

interface CheckResult {
  passed: boolean;
  fail_on: (typeof LEVELS)[number];
  new_only: boolean;
  /** The scope judged: the import tag, the asset group or asset (as resolved), or null for everything. */
  scope: { tag: string | null; group_id: string | null; asset_id: string | null };
  failing: Failing[];
}

/** `src/app.py:12` → the file and its line; anything else has no line. */
function fileAndLine(location: string): { path: string; line: number | null } {
  const m = /^(.*?):(\d+)$/.exec(location);
  return m ? { path: m[1] as string, line: Number(m[2]) } : { path: location, line: null };
}

/**
 * Where a result is, as SARIF says it: a file (with its line) or URL as a physical location;
 * anything else (an image, a host and port, an asset) as a named logical location, since SARIF
 * artifact URIs must be URI references and `app:1 (debian 12)` or `10.0.0.7:22/tcp` are not.
 */
function sarifLocation(v: Failing): object {
  const location = v.location?.split(', ')[0] ?? null;
  if (location) {
    const { path, line } = fileAndLine(location);
    const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
    const isPath = /^[\w./@~-][\w./@~+ -]*$/.test(path) && !/^\d{1,3}(\.\d{1,3}){3}/.test(path) && path.includes('/');
    if (isUrl || isPath) {
      return {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(isUrl ? path : path.replace(/^\/+/, '')) },
          ...(line !== null && line > 0 && { region: { startLine: line } }),
        },
      };
    }
  }
  return { logicalLocations: [{ name: v.where ?? location ?? v.id, kind: 'resource' }] };
}

const levelOf = (s: string) => (s === 'critical' || s === 'high' ? 'error' : s === 'medium' ? 'warning' : 'note');
const ruleIdOf = (v: Vulnerability) => v.cve_ids[0] ?? v.fingerprint ?? v.id;

/** SARIF 2.1.0 of the failing vulnerabilities, for code-scanning dashboards: one rule per CVE or finding kind. */
function toSarif(vulns: Failing[], version: string): object {
  const rules = new Map<string, { index: number; rule: object }>();
  for (const v of vulns) {
    const id = ruleIdOf(v);
    if (rules.has(id)) continue;
    rules.set(id, {
      index: rules.size,
      rule: {
        id,
        shortDescription: { text: v.title },
        ...(v.description && { fullDescription: { text: v.description.slice(0, 1000) } }),
        ...(id.startsWith('CVE-') && { helpUri: `https://nvd.nist.gov/vuln/detail/${id}` }),
        defaultConfiguration: { level: levelOf(v.severity) },
        properties: {
          tags: ['security', ...v.cwe_ids],
          ...(v.cvss_score !== null && { 'security-severity': v.cvss_score.toFixed(1) }),
        },
      },
    });
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'secai',
            version,
            informationUri: 'https://github.com/secai',
            rules: [...rules.values()].map((r) => r.rule),
          },
        },
        results: vulns.map((v) => ({
          ruleId: ruleIdOf(v),
          ruleIndex: rules.get(ruleIdOf(v))?.index ?? 0,
          level: levelOf(v.severity),
          message: {
            text: `${v.title}${v.component ? ` in ${v.component} ${v.version ?? ''}`.trimEnd() : ''}${v.where ? ` on ${v.where}` : ''}${v.fix_version ? `; fixed in ${v.fix_version}` : ''}`,
          },
          locations: [sarifLocation(v)],
          ...(v.fingerprint && { partialFingerprints: { secaiFingerprint: v.fingerprint } }),
          properties: { severity: v.severity, status: v.status, vulnerability_id: v.id },
        })),
      },
    ],
  };
}

const whereColumn: Column<Failing> = { key: 'where', header: 'WHERE', get: (v) => v.where, fit: 'text' };

export default class VulnsCheck extends SecaiCommand<typeof VulnsCheck> {
  static override summary = 'fail a CI job when open vulnerabilities reach a severity';
  static override description =
    `Exit status: 0 when nothing open is at --fail-on or worse, 1 when something is; 4 and 5 mean the check could not run (credentials, server). --tag, --group and --asset judge only that scope (the import's --tag or --group, or an asset); --new-only looks only at what the latest import of each scope brought (first seen in it). Each failing vulnerability is shown with its asset or location.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %> --fail-on critical --tag app',
    {
      description: 'Only what the last scan of this repository introduced, as SARIF for code scanning',
      command: '<%= config.bin %> <%= command.id %> --fail-on high --tag web-repo --new-only --sarif > secai.sarif',
    },
  ];
  static override flags = {
    'fail-on': Flags.option({ options: LEVELS, summary: 'lowest severity that fails the check', default: 'high' })(),
    'new-only': Flags.boolean({ summary: 'only vulnerabilities the latest import of their scope brought' }),
    tag: Flags.string({ summary: 'only what was imported with this --tag', helpValue: '<tag>', exclusive: ['group', 'asset'] }),
    group: Flags.string({
      summary: 'only this asset group (imported into it, or on its assets)',
      helpValue: '<name>',
      exclusive: ['asset'],
    }),
    asset: Flags.string({ summary: 'only this asset (id, hostname or external id)', helpValue: '<asset>' }),
    sarif: Flags.boolean({ summary: 'print the failing vulnerabilities as SARIF 2.1.0', exclusive: ['json'] }),
  };

  async run(): Promise<CheckResult> {
    const { flags } = this;
    const client = this.client();
    const scope = {
      tag: flags.tag ? await assertImportTag(client, flags.tag, { flag: '--tag' }) : null,
      group_id: flags.group ? (await resolveGroup(client, flags.group, { flag: '--group' })).id : null,
      asset_id: flags.asset ? (await resolveAsset(client, flags.asset, { flag: '--asset' })).id : null,
    };
    const vulns: Vulnerability[] = [];
    for await (const v of client.vulns.list({
      status: [...OPEN_VULN_STATUSES],
      min_severity: flags['fail-on'],
      sort: '-severity',
      limit: 1000,
      ...(flags['new-only'] && { new_only: 'true' }),
      ...(scope.tag && { tag: scope.tag }),
      ...(scope.group_id && { group_id: scope.group_id }),
      ...(scope.asset_id && { asset_id: scope.asset_id }),
    })) {
      vulns.push(v);
    }
    const names = await assetNames(
      client,
      vulns.map((v) => v.asset_id).filter((id): id is string => id !== null),
    );
    const failing: Failing[] = vulns.map((v) => ({ ...v, where: (v.asset_id && names.get(v.asset_id)) || v.location }));
    const result: CheckResult = { passed: failing.length === 0, fail_on: flags['fail-on'], new_only: flags['new-only'], scope, failing };
    if (flags.sarif) {
      this.log(JSON.stringify(toSarif(failing, this.config.version), null, 2));
    } else if (!this.jsonEnabled()) {
      const within = flags.tag
        ? ` in --tag ${flags.tag}`
        : flags.group
          ? ` in --group ${flags.group}`
          : flags.asset
            ? ` on ${flags.asset}`
            : '';
      const what = (count: number) =>
        `${flags['new-only'] ? 'new ' : ''}open ${count === 1 ? 'vulnerability' : 'vulnerabilities'} at ${flags['fail-on']} or worse${within}`;
      if (result.passed) this.logToStderr(`✓ No ${what(0)}.`);
      else {
        this.logToStderr(`✗ ${failing.length} ${what(failing.length)}:`);
        await this.printRows(failing.slice(0, 50), [...(vulnColumns as Column<Failing>[]), whereColumn], {
          columns: 'severity,cvss_score,cve_ids,title,component,fix_version,where',
        });
        if (failing.length > 50) this.logToStderr(`… and ${failing.length - 50} more (--json lists all).`);
      }
    }
    if (!result.passed) process.exitCode = EXIT.FAILED;
    return result;
  }
}
