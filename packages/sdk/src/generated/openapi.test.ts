import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error: a plain .mjs script without type declarations.
import { generate } from '../../../../scripts/generate-sdk-types.mjs';

test('the committed API types match the server\'s OpenAPI document (run `npm run generate` if not)', async () => {
  const committed = readFileSync(fileURLToPath(new URL('./openapi.ts', import.meta.url)), 'utf8');
  assert.ok((await generate()) === committed, 'packages/sdk/src/generated/openapi.ts is stale: run `npm run generate`');
});

test.run();
