import { Flags } from '@oclif/core';
import type { EnrichmentStatus } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { EXIT } from '../../lib/exit-codes.js';
import { readInputText } from '../../lib/input-files.js';

export default class VulnsEnrich extends SecaiCommand<typeof VulnsEnrich> {
  static override summary = 'load CISA KEV and FIRST EPSS files and re-prioritise every vulnerability';
  static override description =
    'Nothing is downloaded: fetch the files where your policy allows (KEV: known_exploited_vulnerabilities.json from CISA; EPSS: epss_scores-current.csv from FIRST, decompressed) and give them here. The server can also load them at start (SECAI_KEV_FILE, SECAI_EPSS_FILE).';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --kev known_exploited_vulnerabilities.json --epss epss_scores-current.csv',
  ];
  static override flags = {
    kev: Flags.string({ summary: 'CISA KEV catalog (JSON)', helpValue: '<file>' }),
    epss: Flags.string({ summary: 'FIRST EPSS scores (CSV)', helpValue: '<file>' }),
  };

  async run(): Promise<EnrichmentStatus> {
    const { flags } = this;
    if (!flags.kev && !flags.epss) this.error('Give --kev, --epss or both.', { exit: EXIT.USAGE });
    const client = this.client();
    let status: EnrichmentStatus = await client.enrichment.status();
    if (flags.kev) {
      status = await client.enrichment.kev(await readInputText(flags.kev));
      this.notice(`KEV ${status.source ?? ''}: ${status.kev_cves} CVEs; ${status.vulnerabilities_updated} vulnerabilities re-prioritised.`);
    }
    if (flags.epss) {
      status = await client.enrichment.epss(await readInputText(flags.epss));
      this.notice(
        `EPSS ${status.source ?? ''}: ${status.epss_cves} CVEs; ${status.vulnerabilities_updated} vulnerabilities re-prioritised.`,
      );
    }
    return status;
  }
}
