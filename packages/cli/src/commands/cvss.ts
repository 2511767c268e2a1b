import { Args, Command, Errors } from '@oclif/core';
import { type CvssScore, scoreCvss } from '@secai/core/cvss';
import { SecaiError } from '@secai/core/errors';
import { errorJson } from '../lib/base-command.js';
import { cliError } from '../lib/cli-error.js';
import { EXIT } from '../lib/exit-codes.js';
import { readStdin } from '../lib/input-files.js';
import { type Column, renderRows, styleSeverity } from '../lib/output.js';
import { assertNoUnknownFlags, parseErrorIn } from '../lib/parse-errors.js';

const columns: Column<CvssScore>[] = [
  { key: 'version', header: 'VERSION', get: (s) => s.version },
  { key: 'base_score', header: 'BASE', get: (s) => s.base_score.toFixed(1) },
  { key: 'temporal_score', header: 'TEMPORAL/THREAT', get: (s) => (s.temporal_score ?? s.threat_score)?.toFixed(1) },
  { key: 'environmental_score', header: 'ENVIRONMENTAL', get: (s) => s.environmental_score?.toFixed(1) },
  { key: 'severity', header: 'SEVERITY', get: (s) => s.severity, style: (t, s) => styleSeverity(t, s.severity) },
  { key: 'vector', header: 'VECTOR', get: (s) => s.vector },
];

export default class Cvss extends Command {
  static override enableJsonFlag = true;
  static override strict = false;
  static override summary = 'score CVSS vectors offline (v2, v3.0, v3.1, v4.0)';
  static override description =
    'Prints the base score, the temporal (v2/v3) or threat (v4) score and the environmental score where the vector gives their metrics, and the severity of the most specific score. With - it reads one vector per line from standard input. A malformed vector is reported with the metric at fault; the exit status is then 2.';
  static override usage = '<%= command.id %> <vector>... [--json]';
  static override args = { vector: Args.string({ description: 'CVSS vector, or - for standard input' }) };
  static override examples = [
    '<%= config.bin %> <%= command.id %> CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    {
      description: 'Several at once, as JSON',
      command:
        "<%= config.bin %> <%= command.id %> 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U' 'AV:N/AC:L/Au:N/C:P/I:P/A:P' --json",
    },
  ];

  async run(): Promise<CvssScore[]> {
    const { argv } = await this.parse(Cvss);
    let vectors = (argv as string[]).filter(Boolean);
    if (vectors.length === 1 && vectors[0] === '-') {
      vectors = (await readStdin())
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
    }
    if (vectors.length === 0) this.error('Give at least one vector, or - to read them from standard input.', { exit: EXIT.USAGE });
    const scores: CvssScore[] = [];
    const failures: SecaiError[] = [];
    for (const vector of vectors) {
      try {
        scores.push(scoreCvss(vector));
      } catch (err) {
        if (!(err instanceof SecaiError)) throw err;
        failures.push(err);
        // Printed as every error is, without stopping: the other vectors still score.
        if (!this.jsonEnabled()) Errors.error(cliError(err.message, { exit: EXIT.USAGE, code: err.code }), { exit: false });
      }
    }
    if (!this.jsonEnabled() && scores.length > 0) {
      process.stdout.write(renderRows(scores, columns, process.stdout.isTTY ? 'table' : 'tsv', process.stdout.columns || 120));
    }
    if (failures.length > 0) {
      // With --json the error is the output (the vectors that scored are in it too); without, each
      // was printed above and the exit status says that some failed.
      if (!this.jsonEnabled()) {
        process.exitCode = EXIT.USAGE;
        return scores;
      }
      const first = failures[0] as SecaiError;
      throw Object.assign(new Error(failures.map((f) => f.message).join('\n')), {
        code: first.code,
        exitCode: EXIT.USAGE,
        oclif: { exit: EXIT.USAGE },
        details: failures.map((f) => ({ code: f.code, message: f.message, ...f.details })),
        scores,
      });
    }
    return scores;
  }

  /** `{"error": {…, "exit_code": 2, "details": [one per bad vector]}, "scores": [the good ones]}`. */
  protected override toErrorJson(err: unknown): unknown {
    const e = err as { details?: unknown[]; scores?: CvssScore[] };
    const json = errorJson(err);
    return { error: { ...json.error, ...(e.details && { details: e.details }) }, ...(e.scores && { scores: e.scores }) };
  }

  override async init(): Promise<void> {
    await super.init();
    assertNoUnknownFlags(this.argv, this.ctor);
  }

  protected override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    const parseError = parseErrorIn(err, this.id ?? 'cvss', this.ctor);
    if (parseError) return super.catch(parseError);
    // oclif exits with `exitCode` in --json mode: make it the exit_code the JSON names.
    err.exitCode ??= err.oclif?.exit ?? EXIT.FAILED;
    return super.catch(err);
  }
}
