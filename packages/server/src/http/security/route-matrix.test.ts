// The route × caller matrix of the security battery (issue 8, item 9): every route the app
// registers is called by each kind of caller with a valid request, so that the permission
// decision alone sets the status, and the answer is compared to route-matrix.expected.json.
import { readFileSync } from 'node:fs';
import jwt from 'jsonwebtoken';
import { pino } from 'pino';
import * as assert from 'uvu/assert';
import { forEachDatabase, TEST_ADMIN_PASSWORD, type TestServer } from '../../_test/harness.js';
import { createApp } from '../../app.js';
import { type RegisteredRoute, registeredRoutes, routeKey } from './registered-routes.js';

const CALLERS = ['anonymous', 'viewer', 'analyst', 'admin', 'token'] as const;
type Caller = (typeof CALLERS)[number];

const EXPECTED = JSON.parse(readFileSync(new URL('./route-matrix.expected.json', import.meta.url), 'utf8')).cases as Record<
  string,
  Record<Caller, number>
>;

/** A case is a route, or a route plus what differs (`GET /v1/tokens?user_id=<another user>`). */
const routeOfCase = (key: string): string => key.match(/^[A-Z]+ [^?\s]+/)?.[0] ?? key;

interface Account {
  id: string;
  username: string;
  password: string;
}

/** One request of the matrix: `:id` becomes `id`; `token: null` sends no credential at all. */
interface Plan {
  id?: string;
  /** The parameters in order, for a path with more than one. */
  ids?: string[];
  query?: string;
  body?: unknown;
  /** A file upload: sent as is, with this content type. */
  file?: { text: string; type: string };
  token?: string | null;
}

interface Fixture {
  s: TestServer;
  caller: Caller;
  /** The caller's usual credential (none for anonymous). */
  token: string | null;
  /** The user behind the caller (the admin for the scoped token; a bystander for anonymous). */
  account: Account;
  /** A third user, an analyst, who owns the "another user's" objects. */
  other: Account;
  unique(prefix: string): string;
  /** Calls as the admin and returns the created or read object; a failure here is a broken fixture. */
  admin(method: string, path: string, body?: unknown): Promise<{ id: string } & Record<string, unknown>>;
  login(account: Account): Promise<{ access_token: string; refresh_token: string }>;
  /** A new user with these roles, for requests that change the caller's own account. */
  newAccount(roles: string[]): Promise<Account>;
}

const sessionIdOf = (accessToken: string) => (jwt.decode(accessToken) as { sid: string }).sid;

const TRIVY = JSON.stringify({
  SchemaVersion: 2,
  ArtifactName: 'matrix:1',
  Results: [
    {
      Target: 'matrix:1 (debian 12)',
      Class: 'os-pkgs',
      Vulnerabilities: [
        { VulnerabilityID: 'CVE-2024-0101', PkgName: 'openssl', InstalledVersion: '1.0', Severity: 'HIGH', Title: 'matrix' },
      ],
    },
  ],
});
const KEV = JSON.stringify({
  catalogVersion: '2026.01.01',
  vulnerabilities: [{ cveID: 'CVE-2021-44228', vulnerabilityName: 'Log4Shell', dateAdded: '2021-12-10', dueDate: '2021-12-24' }],
});
const EPSS = '#model_version:v2026.06.15,score_date:2026-09-29T12:00:22Z\ncve,epss,percentile\nCVE-2021-44228,0.99999,1.0\n';

const newUser = (f: Fixture) =>
  f.admin('POST', '/v1/users', { username: f.unique('matrix-user'), password: 'matrix-password-1', roles: ['viewer'] });
const newRole = (f: Fixture) => f.admin('POST', '/v1/roles', { name: f.unique('matrix-role'), permissions: ['alerts:read'] });
const newAsset = (f: Fixture) => f.admin('POST', '/v1/assets', { hostname: f.unique('matrix-host') });
const newGroup = (f: Fixture) => f.admin('POST', '/v1/asset-groups', { name: f.unique('matrix-group') });
const newAssetType = (f: Fixture) => f.admin('POST', '/v1/asset-types', { name: f.unique('matrix-asset-type') });
const newAlert = (f: Fixture) => f.admin('POST', '/v1/alerts', { title: 'Matrix alert', severity: 'low' });
const newAlertType = (f: Fixture) => f.admin('POST', '/v1/alert-types', { name: f.unique('matrix-alert-type') });
const newVulnerability = (f: Fixture) => f.admin('POST', '/v1/vulnerabilities', { title: 'Matrix finding', severity: 'low' });
/** A fresh token of `account`, made with its own session (a token may only revoke its user's tokens). */
const newTokenOf = async (f: Fixture, account: Account) => {
  const { access_token } = await f.login(account);
  const res = await f.s.call('POST', '/v1/tokens', { token: access_token, body: { name: f.unique('matrix-token') } });
  if (res.status !== 201) throw new Error(`fixture token for ${account.username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
};
const id = async (made: Promise<{ id: string }>) => ({ id: (await made).id });
const RULE = (sigmaId: string) =>
  `title: Matrix rule\nid: ${sigmaId}\nlogsource:\n  product: linux\n  service: sshd\ndetection:\n  k:\n    - matrix\n  condition: k\n`;
/** A rule of a rule set of its own. */
const newRule = async (f: Fixture) => {
  const ruleSet = f.unique('matrix-set');
  await f.admin('POST', '/v1/rules', { rule_set: ruleSet, files: [{ path: 'matrix.yml', content: RULE(f.unique('matrix-rule')) }] });
  const res = await f.s.call('GET', `/v1/rules?rule_set=${ruleSet}`, { token: f.s.adminToken });
  return res.body.data[0] as { id: string };
};

/**
 * A valid request for each case that needs more than its bare path: a body that passes
 * validation, and a fresh object per call, so a DELETE by one caller leaves the next one
 * something to be refused or allowed on.
 */
const FIXTURES: Record<string, (f: Fixture) => Promise<Plan>> = {
  'POST /v1/auth/login': async (f) => ({ body: { username: f.other.username, password: f.other.password } }),
  'POST /v1/auth/refresh': async (f) => ({ body: { refresh_token: (await f.login(f.other)).refresh_token } }),
  // A session of its own to end; an API token has none, and anonymous sends nothing.
  'POST /v1/auth/logout': async (f) => ({
    body: {},
    token: f.caller === 'anonymous' || f.caller === 'token' ? f.token : (await f.login(f.account)).access_token,
  }),
  'PATCH /v1/me/settings': async () => ({ body: { page_size: 25 } }),
  // A throwaway account of the caller's kind, so the password change ends no session the matrix uses.
  'POST /v1/me/password': async (f) => {
    if (f.caller === 'anonymous') return { body: { current_password: 'not-checked-anyway', new_password: 'matrix-password-2' } };
    const account = await f.newAccount([f.caller === 'token' ? 'admin' : f.caller]);
    const { access_token } = await f.login(account);
    let token = access_token;
    if (f.caller === 'token') {
      const scoped = { name: 'matrix-scoped', permissions: ['alerts:read'] };
      token = (await f.s.call('POST', '/v1/tokens', { token: access_token, body: scoped })).body.token;
    }
    return { token, body: { current_password: account.password, new_password: 'matrix-password-2' } };
  },
  'POST /v1/users': async (f) => ({ body: { username: f.unique('matrix-user'), password: 'matrix-password-1', roles: ['viewer'] } }),
  'GET /v1/users/:id': async (f) => ({ id: f.other.id }),
  'PATCH /v1/users/:id': async (f) => ({ ...(await id(newUser(f))), body: { display_name: 'Renamed' } }),
  'DELETE /v1/users/:id': async (f) => id(newUser(f)),
  'POST /v1/roles': async (f) => ({ body: { name: f.unique('matrix-role'), permissions: ['alerts:read'] } }),
  'GET /v1/roles/:id': async (f) => id(newRole(f)),
  'PATCH /v1/roles/:id': async (f) => ({ ...(await id(newRole(f))), body: { description: 'changed' } }),
  'DELETE /v1/roles/:id': async (f) => id(newRole(f)),
  'GET /v1/sessions?user_id=<another user>': async (f) => ({ query: `user_id=${f.other.id}` }),
  'DELETE /v1/sessions/:id': async (f) => ({ id: sessionIdOf((await f.login(f.account)).access_token) }),
  "DELETE /v1/sessions/:id <another user's>": async (f) => ({ id: sessionIdOf((await f.login(f.other)).access_token) }),
  'GET /v1/tokens?user_id=<another user>': async (f) => ({ query: `user_id=${f.other.id}` }),
  'POST /v1/tokens': async () => ({ body: { name: 'matrix' } }),
  'DELETE /v1/tokens/:id': async (f) => ({ id: await newTokenOf(f, f.account) }),
  "DELETE /v1/tokens/:id <another user's>": async (f) => ({ id: await newTokenOf(f, f.other) }),
  'POST /v1/assets': async (f) => ({ body: { hostname: f.unique('matrix-host') } }),
  'POST /v1/assets/bulk': async (f) => ({ body: { items: [{ hostname: f.unique('matrix-bulk') }] } }),
  'GET /v1/assets/:id': async (f) => id(newAsset(f)),
  'PATCH /v1/assets/:id': async (f) => ({ ...(await id(newAsset(f))), body: { owner: 'matrix' } }),
  'DELETE /v1/assets/:id': async (f) => id(newAsset(f)),
  'POST /v1/asset-groups': async (f) => ({ body: { name: f.unique('matrix-group') } }),
  'GET /v1/asset-groups/:id': async (f) => id(newGroup(f)),
  'GET /v1/asset-groups/:id/members': async (f) => id(newGroup(f)),
  'PATCH /v1/asset-groups/:id': async (f) => ({ ...(await id(newGroup(f))), body: { description: 'changed' } }),
  'DELETE /v1/asset-groups/:id': async (f) => id(newGroup(f)),
  'POST /v1/asset-types': async (f) => ({ body: { name: f.unique('matrix-asset-type') } }),
  'GET /v1/asset-types/:id': async (f) => id(newAssetType(f)),
  'PATCH /v1/asset-types/:id': async (f) => ({ ...(await id(newAssetType(f))), body: { description: 'changed' } }),
  'DELETE /v1/asset-types/:id': async (f) => id(newAssetType(f)),
  'POST /v1/alerts': async () => ({ body: { title: 'Matrix alert', severity: 'low' } }),
  'GET /v1/alerts/:id': async (f) => id(newAlert(f)),
  'PATCH /v1/alerts/:id': async (f) => ({ ...(await id(newAlert(f))), body: { title: 'Renamed' } }),
  'DELETE /v1/alerts/:id': async (f) => id(newAlert(f)),
  'GET /v1/alerts/:id/comments': async (f) => id(newAlert(f)),
  'POST /v1/alerts/:id/comments': async (f) => ({ ...(await id(newAlert(f))), body: { body: 'seen' } }),
  'POST /v1/alert-types': async (f) => ({ body: { name: f.unique('matrix-alert-type') } }),
  'GET /v1/alert-types/:id': async (f) => id(newAlertType(f)),
  'PATCH /v1/alert-types/:id': async (f) => ({ ...(await id(newAlertType(f))), body: { description: 'changed' } }),
  'DELETE /v1/alert-types/:id': async (f) => id(newAlertType(f)),
  'POST /v1/vulnerabilities': async () => ({ body: { title: 'Matrix finding', severity: 'low' } }),
  'GET /v1/vulnerabilities/:id': async (f) => id(newVulnerability(f)),
  'PATCH /v1/vulnerabilities/:id': async (f) => ({ ...(await id(newVulnerability(f))), body: { title: 'Renamed' } }),
  'DELETE /v1/vulnerabilities/:id': async (f) => id(newVulnerability(f)),
  // A scope of its own per call, so one caller's import does not fix another's findings.
  'POST /v1/imports': async (f) => ({
    query: `file_name=trivy.json&tag=${f.unique('matrix')}`,
    file: { text: TRIVY, type: 'application/octet-stream' },
  }),
  'POST /v1/imports/preview': async () => ({ query: 'file_name=trivy.json', file: { text: TRIVY, type: 'application/octet-stream' } }),
  'GET /v1/imports/:id': async (f) => {
    const res = await f.s.call('POST', `/v1/imports?tag=${f.unique('matrix')}`, {
      token: f.s.adminToken,
      body: TRIVY,
      headers: { 'content-type': 'application/octet-stream' },
    });
    if (res.status !== 201) throw new Error(`fixture import: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id };
  },
  'POST /v1/imports?async=true': async (f) => ({
    query: `async=true&file_name=trivy.json&tag=${f.unique('matrix')}`,
    file: { text: TRIVY, type: 'application/octet-stream' },
  }),
  // Jobs kept queued (due in an hour) or cancelled, of the caller's account or of the third user.
  'GET /v1/jobs/:id': async (f) => ({ id: await newJobOf(f, f.account) }),
  "GET /v1/jobs/:id <another user's>": async (f) => ({ id: await newJobOf(f, f.other) }),
  'POST /v1/jobs/:id/cancel': async (f) => ({ id: await newJobOf(f, f.account) }),
  "POST /v1/jobs/:id/cancel <another user's>": async (f) => ({ id: await newJobOf(f, f.other) }),
  'POST /v1/jobs/:id/retry': async (f) => ({ id: await newJobOf(f, f.account, true) }),
  "POST /v1/jobs/:id/retry <another user's>": async (f) => ({ id: await newJobOf(f, f.other, true) }),
  'POST /v1/enrichment/kev': async () => ({ file: { text: KEV, type: 'application/json' } }),
  'POST /v1/enrichment/epss': async () => ({ file: { text: EPSS, type: 'text/csv' } }),
  'POST /v1/ingest': async () => ({
    query: 'source=matrix',
    file: { text: 'Dec  3 10:00:00 web-01 sshd[1]: Accepted publickey for alice from 10.0.0.1 port 22 ssh2\n', type: 'text/plain' },
  }),
  'GET /v1/logs/stats': async () => ({ query: 'by=host.hostname' }),
  'POST /v1/rules': async (f) => ({
    body: { rule_set: f.unique('matrix-set'), files: [{ path: 'a.yml', content: RULE(f.unique('matrix-rule')) }] },
  }),
  'PATCH /v1/rules': async () => ({ body: { filter: { rule_set: 'matrix-no-such-set' }, enabled: true } }),
  'POST /v1/rules/test': async () => ({ body: { rules: RULE('matrix'), events: ['a matrix line'] } }),
  'GET /v1/rules/:id': async (f) => id(newRule(f)),
  'DELETE /v1/rule-sets/:name': async (f) => {
    const ruleSet = f.unique('matrix-set');
    await f.admin('POST', '/v1/rules', { rule_set: ruleSet, files: [{ path: 'a.yml', content: RULE(f.unique('matrix-rule')) }] });
    return { id: ruleSet };
  },
  'PATCH /v1/rules/:id': async (f) => ({ ...(await id(newRule(f))), body: { enabled: false } }),
  'POST /v1/rules/:id/exceptions': async (f) => ({
    ...(await id(newRule(f))),
    body: { match: { 'host.name': ['matrix'] }, reason: 'matrix' },
  }),
  'DELETE /v1/rules/:id/exceptions/:exceptionId': async (f) => {
    const rule = await newRule(f);
    const exception = await f.admin('POST', `/v1/rules/${rule.id}/exceptions`, { match: { 'host.name': ['matrix'] }, reason: 'matrix' });
    return { ids: [rule.id, exception.id] };
  },
  // Built-in schedules, seeded at start; the snapshot is harmless to run and rerun.
  'GET /v1/schedules/:id': async () => ({ id: 'trend-snapshot' }),
  'PATCH /v1/schedules/:id': async () => ({ id: 'trend-snapshot', body: { enabled: true } }),
  'POST /v1/schedules/:id/run': async () => ({ id: 'trend-snapshot' }),
};

/** A scan-import job of `owner`, due in an hour (so it stays queued), or cancelled (so it can be retried). */
async function newJobOf(f: Fixture, owner: Account, cancelled = false): Promise<string> {
  const ctx = {
    actor: {
      userId: owner.id,
      username: owner.username,
      permissions: [],
      method: 'jwt' as const,
      sessionId: null,
      tokenId: null,
      tokenExpiresAt: null,
    },
    ip: null,
    requestId: null,
    userAgent: null,
  };
  const payload = { report: TRIVY, params: {}, actor: null, ip: null, requestId: null };
  const job = await f.s.services.jobs.enqueue(ctx, 'scan-import', payload, { runAt: new Date(Date.now() + 3_600_000) });
  if (cancelled) await f.s.services.jobs.cancel(ctx, job.id);
  return job.id;
}

/** Methods whose valid request has a body: they need a fixture, as does every path with a parameter. */
const needsFixture = (route: RegisteredRoute) => route.path.includes(':') || ['POST', 'PUT', 'PATCH'].includes(route.method);

async function runCase(f: Fixture, key: string, route: RegisteredRoute) {
  const plan = FIXTURES[key] ? await FIXTURES[key](f) : {};
  const ids = plan.ids ?? (plan.id ? [plan.id] : []);
  if (route.path.includes(':') && ids.length === 0) throw new Error(`the fixture of ${key} gives no id`);
  let param = 0;
  const path = `${route.path.replace(/:\w+/g, () => ids[param++] ?? '')}${plan.query ? `?${plan.query}` : ''}`;
  const token = plan.token === undefined ? f.token : plan.token;
  if (plan.file) {
    return f.s.call(route.method, path, { token: token ?? undefined, body: plan.file.text, headers: { 'content-type': plan.file.type } });
  }
  return f.s.call(route.method, path, { token: token ?? undefined, ...(plan.body !== undefined && { body: plan.body }) });
}

forEachDatabase('security: route × caller matrix', (test, server) => {
  let routes: RegisteredRoute[] = [];

  test('every route the app registers has a row in route-matrix.expected.json, and every row a route', () => {
    const s = server();
    routes = registeredRoutes(createApp({ config: s.config, services: s.services, logger: pino({ level: 'silent' }) }).app);
    assert.ok(routes.length > 50, `only ${routes.length} routes found: is the router listing broken?`);
    const registered = new Set(routes.map(routeKey));
    const rows = new Set(Object.keys(EXPECTED).map(routeOfCase));
    const missing = [...registered].filter((key) => !rows.has(key));
    const stale = [...rows].filter((key) => !registered.has(key));
    assert.equal(
      { missing, stale },
      { missing: [], stale: [] },
      `routes without a row (add them with their expected codes): ${missing.join(', ') || 'none'}; rows for routes that no longer exist: ${stale.join(', ') || 'none'}`,
    );
    for (const [key, row] of Object.entries(EXPECTED)) assert.equal(Object.keys(row).sort(), [...CALLERS].sort(), `callers of ${key}`);
    const unprepared = Object.keys(EXPECTED).filter((key) => {
      const route = routes.find((r) => routeKey(r) === routeOfCase(key));
      return route && !FIXTURES[key] && (needsFixture(route) || key !== routeKey(route));
    });
    assert.equal(unprepared, [], `cases without a valid request in FIXTURES: ${unprepared.join(', ')}`);
  });

  test('each caller gets the expected status from every route: 2xx where allowed, else 401 AUTH_REQUIRED or 403 PERMISSION_DENIED', async () => {
    const s = server();
    assert.ok(routes.length > 0, 'the route listing test runs first');
    let counter = 0;
    const unique = (prefix: string) => `${prefix}-${++counter}`;
    const makeAccount = async (username: string, roles: string[]): Promise<Account> => {
      const password = `${username}-password-1`;
      const res = await s.call('POST', '/v1/users', { token: s.adminToken, body: { username, password, roles } });
      if (res.status !== 201) throw new Error(`creating ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: res.body.id, username, password };
    };
    const adminId = (await s.call('GET', '/v1/me', { token: s.adminToken })).body.id as string;
    const adminAccount: Account = { id: adminId, username: 'admin', password: TEST_ADMIN_PASSWORD };
    const viewer = await makeAccount('matrix-viewer', ['viewer']);
    const analyst = await makeAccount('matrix-analyst', ['analyst']);
    const other = await makeAccount('matrix-other', ['analyst']);
    const scoped = await s.call('POST', '/v1/tokens', {
      token: s.adminToken,
      body: { name: 'matrix-scoped', permissions: ['alerts:read'] },
    });
    assert.is(scoped.status, 201);
    const credentials: Record<Caller, { token: string | null; account: Account }> = {
      anonymous: { token: null, account: other },
      viewer: { token: (await s.login(viewer.username, viewer.password)).access_token, account: viewer },
      analyst: { token: (await s.login(analyst.username, analyst.password)).access_token, account: analyst },
      admin: { token: s.adminToken, account: adminAccount },
      token: { token: scoped.body.token, account: adminAccount },
    };

    const mismatches: string[] = [];
    for (const [key, row] of Object.entries(EXPECTED)) {
      const route = routes.find((r) => routeKey(r) === routeOfCase(key));
      if (!route) {
        mismatches.push(`${key}: no such route`);
        continue;
      }
      for (const caller of CALLERS) {
        const fixture: Fixture = {
          s,
          caller,
          ...credentials[caller],
          other,
          unique,
          async admin(method, path, body) {
            const res = await s.call(method, path, { token: s.adminToken, body });
            if (res.status >= 300) throw new Error(`fixture ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
            return res.body;
          },
          login: (account) => s.login(account.username, account.password),
          newAccount: (roles) => makeAccount(unique('matrix-account'), roles),
        };
        const res = await runCase(fixture, key, route);
        const expected = row[caller];
        const code = expected === 401 ? 'AUTH_REQUIRED' : expected === 403 ? 'PERMISSION_DENIED' : undefined;
        if (res.status !== expected || (code && res.body?.code !== code)) {
          mismatches.push(`${key} as ${caller}: expected ${expected}${code ? ` ${code}` : ''}, got ${res.status} ${res.body?.code ?? ''}`);
        }
      }
    }
    assert.equal(mismatches, [], `\n${mismatches.join('\n')}`);
  });
});
