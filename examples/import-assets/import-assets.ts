// Imports assets from a CSV file (hostname, ip_addresses, criticality, exposure, owner, tags …)
// into secai with the SDK, in bulk batches, printing progress and every rejected row.
//
//   SECAI_URL=http://127.0.0.1:7070 SECAI_TOKEN=secai_pat_… npm start -- hosts.csv
import { createReadStream } from 'node:fs';
import { Secai } from '@secai/sdk';
import { parse } from 'csv-parse';

const file = process.argv[2];
if (!file) {
  console.error('usage: import-assets <file.csv>');
  process.exit(2);
}

const client = new Secai({ baseUrl: process.env.SECAI_URL ?? 'http://127.0.0.1:7070', token: process.env.SECAI_TOKEN ?? '' });

/** CSV rows as assets: list cells hold several values separated by ";". */
async function* assets() {
  for await (const row of createReadStream(file as string).pipe(parse({ columns: true, skip_empty_lines: true })) as AsyncIterable<
    Record<string, string>
  >) {
    yield {
      hostname: row.hostname || undefined,
      external_id: row.external_id || undefined,
      ip_addresses: row.ip_addresses ? row.ip_addresses.split(';') : [],
      criticality: row.criticality || undefined,
      exposure: row.exposure || undefined,
      owner: row.owner || undefined,
      tags: row.tags ? row.tags.split(';') : [],
    };
  }
}

const result = await client.assets.import(assets(), {
  batchSize: 1000,
  onProgress: (p) => console.error(`sent ${p.sent}: ${p.created} created, ${p.updated} updated, ${p.failed} rejected`),
});
for (const f of result.failed) console.error(`row ${f.index + 2}: ${f.error}`);
console.log(JSON.stringify({ created: result.created, updated: result.updated, failed: result.failed.length }));
process.exitCode = result.failed.length > 0 ? 1 : 0;
