import { Args, Flags } from '@oclif/core';
import { LOG_FORMATS } from '@secai/core/constants';
import type { LogSendResult } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { EXIT } from '../../lib/exit-codes.js';
import { inputLines } from '../../lib/input-files.js';

export default class LogsSend extends SecaiCommand<typeof LogsSend> {
  static override summary = 'send log lines to the server';
  static override description =
    'Each line is a record, sent as it is (the server detects its format unless --format fixes it; a JSON line is an event already in JSON). Lines go out in batches through POST /v1/ingest, a batch sent again while the server is busy. Every line is kept: one no parser recognises is stored as unparsed. Exits 1 when the server rejected any line (they are listed), 0 when it accepted all.';
  static override args = { file: Args.string({ description: 'log file, or - for standard input', required: true }) };
  static override examples = [
    {
      description: 'An auth log, kept under the source name auth',
      command: '<%= config.bin %> <%= command.id %> /var/log/auth.log --source auth',
    },
    { description: 'From a pipe', command: 'journalctl -o short-iso -n 1000 | <%= config.bin %> <%= command.id %> - --source journal' },
    { description: 'Suricata EVE', command: '<%= config.bin %> <%= command.id %> eve.json --format json --source suricata' },
  ];
  static override flags = {
    source: Flags.string({ summary: 'source name the events are kept under (secai.source)', helpValue: '<name>' }),
    format: Flags.option({ options: LOG_FORMATS, summary: 'format of every line (default: detected per line)' })(),
    'batch-size': Flags.integer({ summary: 'lines per request', default: 1000, min: 1, max: 10_000, helpValue: '<n>' }),
  };

  async run(): Promise<LogSendResult> {
    const { flags } = this;
    const { args } = await this.parse(LogsSend);
    const progress = process.stderr.isTTY && !this.jsonEnabled();
    const started = Date.now();
    const result = await this.client().logs.send(await inputLines(args.file), {
      ...(flags.source && { source: flags.source }),
      ...(flags.format && flags.format !== 'auto' && { format: flags.format }),
      batchSize: flags['batch-size'],
      onProgress: ({ sent, accepted }) => {
        if (progress) process.stderr.write(`\r${sent.toLocaleString('en')} lines read, ${accepted.toLocaleString('en')} accepted`);
      },
    });
    if (progress) process.stderr.write('\r\x1b[K');
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    this.notice(
      `${result.accepted.toLocaleString('en')} lines accepted${result.rejected.length > 0 ? `, ${result.rejected.length.toLocaleString('en')} rejected` : ''} in ${seconds.toFixed(1)} s (${Math.round(result.accepted / seconds).toLocaleString('en')}/s)`,
    );
    for (const r of result.rejected.slice(0, 20)) this.notice(`  line ${r.line}: ${r.error}`);
    if (result.rejected.length > 20) this.notice(`  … and ${result.rejected.length - 20} more (--json lists them all)`);
    if (result.rejected.length > 0) process.exitCode = EXIT.FAILED;
    return result;
  }
}
