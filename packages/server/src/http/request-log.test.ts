import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TEST_ADMIN_PASSWORD } from '../_test/harness.js';
import { loadConfig } from '../config.js';
import { startServer } from '../main.js';

test('request lines say who asked what and how it went, and carry no credentials, not even in the query', async () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'secai-log-'));
  const config = loadConfig({ env: {}, flags: { port: 0, dataDir, adminPassword: TEST_ADMIN_PASSWORD, logLevel: 'info' } });
  const running = await startServer(config, { logger: pino({ level: 'info' }, sink) });
  try {
    const login = await fetch(`${running.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    await fetch(`${running.url}/v1/alerts?limit=5`, {
      headers: { authorization: `Bearer ${token}`, cookie: 'session=secret', 'user-agent': 'log-test', 'x-request-id': 'req-42' },
    });
    const leaked = 'secai_pat_leakedleakedleaked';
    await fetch(`${running.url}/v1/alerts?limit=5&access_token=${leaked}&api%5Fkey=k1&password=hunter22&Refresh_Token=rt1`);
    await new Promise((resolve) => setImmediate(resolve));
    const refused = lines.find((l) => String((l.req as { url?: string } | undefined)?.url).includes('access_token'));
    assert.is(
      (refused?.req as { url?: string } | undefined)?.url,
      '/v1/alerts?limit=5&access_token=[redacted]&api%5Fkey=[redacted]&password=[redacted]&Refresh_Token=[redacted]',
    );
    const line = lines.find((l) => (l.req as { id?: string } | undefined)?.id === 'req-42');
    assert.ok(line, 'a line for the request');
    assert.equal(line.req, { id: 'req-42', method: 'GET', url: '/v1/alerts?limit=5', remoteAddress: '127.0.0.1', userAgent: 'log-test' });
    assert.equal(line.res, { statusCode: 200 });
    assert.type(line.responseTime, 'number');
    const all = lines.map((l) => JSON.stringify(l)).join('\n');
    assert.not.ok(all.includes(token), 'no access token');
    assert.not.ok(all.includes(TEST_ADMIN_PASSWORD), 'no password');
    assert.not.ok(all.includes('session=secret'), 'no cookie');
    for (const secret of [leaked, 'k1', 'hunter22', 'rt1']) assert.not.ok(all.includes(secret), `no ${secret} from the query`);
  } finally {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test.run();
