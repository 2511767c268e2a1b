// Property-based fuzzing of every route (issue 8, item 4): generated bodies, queries and path
// parameters, sent as the admin so that validation is reached, must never make a 5xx, never
// leak a stack trace, SQL or a file path, and never pollute Object.prototype (the server runs
// in this process, so the test sees its prototype). The seed is fixed and printed; rerun one
// with SECAI_FUZZ_SEED=<seed>, and more or fewer runs with SECAI_FUZZ_RUNS=<n> per route.
import { request } from 'node:http';
import { SCAN_FORMATS } from '@secai/core';
import fc from 'fast-check';
import { pino } from 'pino';
import * as assert from 'uvu/assert';
import { forEachDatabase, type TestServer } from '../../_test/harness.js';
import { createApp } from '../../app.js';
import { type RegisteredRoute, registeredRoutes, routeKey } from './registered-routes.js';

const SEED = Number(process.env.SECAI_FUZZ_SEED ?? 20_260_808);
const RUNS_PER_ROUTE = Number(process.env.SECAI_FUZZ_RUNS ?? 150);
console.log(`fuzz: seed ${SEED}, ${RUNS_PER_ROUTE} runs per route (SECAI_FUZZ_SEED, SECAI_FUZZ_RUNS)`);

/** Each route gets a seed of its own, stable when other routes come and go. */
function routeSeed(key: string): number {
  let h = SEED | 0;
  for (const ch of key) h = (Math.imul(h, 31) + (ch.codePointAt(0) ?? 0)) | 0;
  return h;
}

/** What an answer must never contain. Generated strings are kept free of these, so a hit is the server's. */
const LEAKS: [string, RegExp][] = [
  ['stack frame', /\bat (?:async )?[\w$.<>[\] ]+ \(?[^\s()]*:\d+:\d+\)?/],
  ['stack frame', /\n\s+at \S/],
  ['SQL', /\bselect\b[\s\S]{0,200}\bfrom\b/i],
  ['SQL', /\binsert into\b|\bdelete from\b|\bupdate\s+"?\w+"?\s+set\b/i],
  [
    'SQL error',
    /SQLITE_[A-Z]+|syntax error at or near|duplicate key value|violates [\w-]+ constraint|invalid input syntax for|relation "[^"]*" does not exist/i,
  ],
  ['file path', /\/work\/|node_modules|\/home\/\w|\/tmp\/|\/usr\/(?:lib|local)|file:\/\/|[A-Z]:\\\\/],
];
const leakIn = (text: string) => LEAKS.find(([, re]) => re.test(text))?.[0];

/** Routes whose answers hold stored log lines, which the fuzz itself sent through POST /v1/ingest. */
const LOG_READS = new Set(['GET /v1/logs', 'GET /v1/logs/stats']);
const withoutLogData = (text: string): string => {
  const { data: _data, values: _values, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return JSON.stringify(rest);
};
/** Also as JSON escapes it: a generated `P:\\x` comes back as `P:\\\\x`. */
const clean = (s: string) => !leakIn(s) && !leakIn(JSON.stringify(s));

// ---- Leaves: the values that break parsers, validators, drivers and serializers ----

const TRICKY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  'true',
  '-1',
  '0',
  '1e309',
  'NaN',
  "' OR '1'='1",
  '"; DROP TABLE users; --',
  '%',
  '%00',
  '%ZZ',
  '../../../../etc/passwd',
  '..\\..\\windows',
  `\${jndi:ldap://x}`, // Log4Shell's lookup
  '{{7*7}}',
  '<script>alert(1)</script>',
  '\u202e\u0301\ufeff',
  '😀👍🏽',
  'ǅ Ω ß ﷺ 𝕏',
  '\ud83d',
  'x'.repeat(300),
  'y'.repeat(70_000),
  '2024-13-45T99:99:99Z',
  '+275760-09-13T00:00:00.000Z',
  '0000-01-01T00:00:00Z',
  '2024-01-01T00:00:00+99:99',
  'CVE-2024-99999999999999999999',
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:X',
  'CVSS:4.0/',
  'T1059.001',
  '-created_at',
  '*',
  'admin',
  'none',
  'secai_pat_',
];

const HUGE_NUMBERS = [
  0,
  -0,
  -1,
  1.5,
  2 ** 31,
  2 ** 53 + 1,
  -(2 ** 63),
  1e21,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  Number.MAX_SAFE_INTEGER,
  10,
  1000,
  1001,
];

const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
);
const safeString = anyString.filter(clean);
/** encodeURIComponent refuses lone surrogates; a client would send U+FFFD for them. */
const encode = (s: string) =>
  encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
const anyNumber = fc.oneof(fc.constantFrom(...HUGE_NUMBERS), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
const anyLeaf = fc.oneof(safeString, anyNumber, fc.boolean(), fc.constant(null));
/** A wrong-typed value: any leaf, an array of leaves where a scalar goes, or an object where a string goes. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: anyLeaf },
  { weight: 1, arbitrary: fc.array(anyLeaf, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(safeString, anyLeaf, { maxKeys: 3 }) },
);

// ---- Schema-guided values: near-valid, so requests get past the first check and into services ----

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI schema objects are walked generically.
type Schema = any;

function schemaValue(schema: Schema, components: Record<string, Schema>, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return wrongValue;
  if (schema.$ref) return schemaValue(components[String(schema.$ref).split('/').pop() as string], components, depth + 1);
  const variants = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (variants) return fc.oneof(...variants.map((v: Schema) => schemaValue(v, components, depth + 1)), wrongValue);
  // OpenAPI 3.1 writes nullable types as `["string", "null"]`.
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  let valid: fc.Arbitrary<unknown>;
  if (schema.enum) valid = fc.constantFrom(...schema.enum);
  else if (type === 'object' || schema.properties) {
    const props = Object.entries(schema.properties ?? {}).map(([k, v]) => [k, schemaValue(v, components, depth + 1)] as const);
    valid = fc.record(Object.fromEntries(props), { requiredKeys: [] });
    if (schema.additionalProperties && props.length === 0) valid = fc.dictionary(safeString, wrongValue, { maxKeys: 4 });
  } else if (type === 'array') valid = fc.array(schemaValue(schema.items, components, depth + 1), { maxLength: 4 });
  else if (type === 'integer' || type === 'number') valid = anyNumber;
  else if (type === 'boolean') valid = fc.boolean();
  else if (type === 'string') valid = safeString;
  else valid = wrongValue;
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: wrongValue });
}

// ---- Bodies, queries and paths ----

const DEEP_LEVELS = 4_500;
const deepArray = `${'['.repeat(DEEP_LEVELS)}${']'.repeat(DEEP_LEVELS)}`;
const deepObject = `${'{"a":'.repeat(DEEP_LEVELS)}1${'}'.repeat(DEEP_LEVELS)}`;
const POLLUTERS = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"__proto__":{"__proto__":{"polluted":"yes"}}}',
  '[{"__proto__":{"polluted":"yes"}}]',
];

/** Puts `raw` JSON at `key` of a JSON object text (or wraps it, if the text is no object). */
function inject(json: string, key: string, raw: string): string {
  if (!json.startsWith('{')) return `{${JSON.stringify(key)}:${raw}}`;
  return json === '{}' ? `{${JSON.stringify(key)}:${raw}}` : `{${JSON.stringify(key)}:${raw},${json.slice(1)}`;
}

interface Generated {
  method: string;
  path: string;
  body?: string;
  contentType?: string;
}

const MALFORMED_JSON = ['{', '{"a":', '[1,]', 'nul', '"unterminated', '1e999', '\u0000', '{"a":1}{"b":2}', 'NaN', "{'a':1}"];

function jsonBody(schema: Schema, components: Record<string, Schema>): fc.Arbitrary<string> {
  const near = schemaValue(schema, components).map((v) => JSON.stringify(v) ?? 'null');
  const keys: string[] = Object.keys(
    schema?.properties ?? (schema?.$ref ? (components[schema.$ref.split('/').pop()]?.properties ?? {}) : {}),
  );
  const key = keys.length > 0 ? fc.constantFrom(...keys, '__proto__', 'constructor') : fc.constantFrom('a', '__proto__', 'constructor');
  return fc.oneof(
    { weight: 10, arbitrary: near },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.tuple(near, key, fc.constantFrom(deepArray, deepObject)).map(([j, k, d]) => inject(j, k, d)) },
    { weight: 2, arbitrary: fc.tuple(near, key, fc.constantFrom(...POLLUTERS)).map(([j, k, p]) => inject(j, k, p)) },
    { weight: 1, arbitrary: fc.constantFrom(...POLLUTERS) },
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_JSON) },
  );
}

/** Report and feed files: JSON of the wrong shape, the shape with nulls and junk inside, XML, CSV and bytes. */
const reportBody: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.constantFrom(
    '{"SchemaVersion":2,"Results":[{"Target":"x","Vulnerabilities":[null]}]}',
    '{"SchemaVersion":2,"Results":[null,{"Vulnerabilities":{"a":1}}]}',
    '{"SchemaVersion":2,"Results":[{"Target":"x","Vulnerabilities":[{"VulnerabilityID":1,"Severity":{},"CVSS":[]}]}]}',
    '{"matches":[null,{"vulnerability":null,"artifact":1}]}',
    '{"runs":[{"results":[null,{"locations":[null]}]}]}',
    '{"vulnerabilities":[null],"catalogVersion":[]}',
    '{"vulnerabilities":[{"cveID":null}]}',
    '{"results":[{"check_id":{},"extra":null}]}',
    '{"site":[{"alerts":[null]}]}',
    '[null,{"RuleID":[],"File":{}}]',
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
    '<NessusClientData_v2><Report><ReportHost><ReportItem/></ReportHost></Report></NessusClientData_v2>',
    '<nmaprun><host><address/></host></nmaprun>',
    '<a><b><c>',
    'cve,epss,percentile\nCVE-2021-44228,NaN,2\n,,\n',
    '#model_version:v1\ncve,epss\n"unterminated',
    '\u0000\u0001\u0002\ufffe',
    '',
    deepArray,
    `{"SchemaVersion":2,"Results":[{"Target":"x","Vulnerabilities":[${deepObject}]}]}`,
    ...POLLUTERS,
  ),
  fc.string({ unit: 'binary', maxLength: 200 }).filter(clean),
);

/** A query value: mostly one the parameter accepts (so the request reaches the database), else junk. */
function queryValue(schema: Schema): fc.Arbitrary<string> {
  const type = Array.isArray(schema?.type) ? schema.type.find((t: string) => t !== 'null') : schema?.type;
  const enumValues: unknown[] | undefined = schema?.enum ?? schema?.items?.enum;
  let valid: fc.Arbitrary<string>;
  if (enumValues) valid = fc.constantFrom(...enumValues.map(String));
  else if (type === 'integer' || type === 'number') valid = fc.integer({ min: 1, max: 100 }).map(String);
  else if (type === 'boolean') valid = fc.constantFrom('true', 'false', '1', '0', 'yes');
  else if (schema?.format === 'date-time') valid = fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  else valid = safeString;
  const junk = fc.oneof(
    safeString.map(encode),
    fc.constantFrom('%', '%ZZ', '%E0%A4%A', '', '1e309', '-1', '99999999999999999999', '%00', 'a%00b'),
  );
  return fc.oneof(
    { weight: 3, arbitrary: valid.map(encode) },
    { weight: 1, arbitrary: fc.constantFrom('%00', 'a%00b', '%F0%9F%98%80') },
    { weight: 1, arbitrary: junk },
  );
}

/** Query keys the route declares with near-valid values, plus bracket syntax (qs nests it) and polluters. */
function queryString(parameters: Schema[]): fc.Arbitrary<string> {
  const declared = parameters.map((p) => fc.tuple(fc.constant(String(p.name)), queryValue(p.schema)));
  const names = parameters.map((p) => String(p.name));
  const bracketed = names.flatMap((n) => [`${n}[]`, `${n}[a]`, `${n}[0][1]`]);
  const odd = fc.tuple(
    fc.constantFrom(...bracketed, '__proto__[polluted]', 'constructor[prototype][polluted]', '__proto__', 'a[b][c][d][e][f][g]', 'x'),
    queryValue(undefined),
  );
  const pair = declared.length > 0 ? fc.oneof({ weight: 6, arbitrary: fc.oneof(...declared) }, { weight: 1, arbitrary: odd }) : odd;
  return fc
    .array(pair, { maxLength: 5 })
    .map((pairs) => pairs.map(([k, v]) => `${encode(k).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${v}`).join('&'));
}

const pathParam = fc.oneof(
  safeString.filter((s) => s !== '').map(encode),
  fc.constantFrom('%', '%ZZ', '%E0%A4%A', '..%2F..%2Fetc', '%00', 'a'.repeat(65), 'none', '00000000-0000-0000-0000-000000000000'),
);

function requestFor(route: RegisteredRoute, openapi: Schema): fc.Arbitrary<Generated> {
  const operation = openapi.paths?.[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
  const components = openapi.components?.schemas ?? {};
  const queryParameters: Schema[] = (operation?.parameters ?? []).filter((p: Schema) => p.in === 'query');
  const content = operation?.requestBody?.content ?? {};
  const upload = Boolean(content['application/octet-stream']);
  const params = (route.path.match(/:\w+/g) ?? []).length;
  const body: fc.Arbitrary<string | undefined> = upload
    ? reportBody
    : content['application/json']
      ? jsonBody(content['application/json'].schema, components)
      : fc.option(jsonBody(undefined, components), { nil: undefined });
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant(upload ? 'application/octet-stream' : 'application/json') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'text/plain',
        'application/json; charset=utf-16',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ),
    },
  );
  const formats = upload ? [`format=${SCAN_FORMATS.join('&format=')}`, ...SCAN_FORMATS.map((f) => `format=${f}`)] : [];
  const query = fc.oneof(queryString(queryParameters), ...(formats.length > 0 ? [fc.constantFrom(...formats)] : []));
  return fc
    .record({ ids: fc.array(pathParam, { minLength: params, maxLength: params }), query, body, contentType })
    .map(({ ids, query, body, contentType }) => {
      let i = 0;
      const path = route.path.replace(/:\w+/g, () => ids[i++] as string);
      return { method: route.method, path: query ? `${path}?${query}` : path, ...(body !== undefined && { body, contentType }) };
    });
}

// ---- The property ----

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();

/**
 * node:http rather than fetch, which refuses a body on GET: a body on any method is fair game. One
 * connection per request, so an answer given before the body was read cannot garble the next one.
 */
function send(s: TestServer, token: string, req: Generated): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (req.contentType) headers['content-type'] = req.contentType;
  // Node's client sends a GET's body without a length, which the server's parser takes for bytes
  // after the request and answers with a 400 and a close, racing (and resetting) a large answer
  // such as the OpenAPI document; real clients declare the length.
  if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(s.url);
    const options = { hostname, port, path: req.path, method: req.method, headers, agent: false };
    const outgoing = request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}… [${text.length} chars]` : text);
const describe = (req: Generated) =>
  `${req.method} ${clip(req.path, 300)}${req.body !== undefined ? ` (${req.contentType}) ${clip(req.body, 300)}` : ''}`;

forEachDatabase('security: fuzzing every route', (test, server) => {
  let routes: RegisteredRoute[] = [];
  // biome-ignore lint/suspicious/noExplicitAny: the generated OpenAPI document, read generically.
  let openapi: any;
  let adminApiToken = '';
  const pristine = prototypeKeys();

  test('the routes and the OpenAPI document are read from the app', async () => {
    const s = server();
    const built = createApp({ config: s.config, services: s.services, logger: pino({ level: 'silent' }) });
    routes = registeredRoutes(built.app);
    openapi = JSON.parse(JSON.stringify(built.openapi));
    assert.ok(routes.length > 50);
    // Logout ends the session of an access token; an API token has none, so the admin's session survives the fuzzing.
    adminApiToken = (await s.call('POST', '/v1/tokens', { token: s.adminToken, body: { name: 'fuzz' } })).body.token;
    assert.match(adminApiToken, /^secai_pat_/);
  });

  test(`every route survives ${RUNS_PER_ROUTE} generated requests: no 5xx, no stack, SQL or path, Object.prototype untouched`, async () => {
    const s = server();
    // Every kind of failure of every route, with its first example: one run shows all the causes, not the first.
    const failures = new Map<string, { count: number; example: string }>();
    let sent = 0;
    for (const route of routes) {
      const key = routeKey(route);
      const token = key === 'POST /v1/auth/logout' ? adminApiToken : s.adminToken;
      const seed = routeSeed(key);
      let run = 0;
      await fc.assert(
        fc.asyncProperty(requestFor(route, openapi), async (req) => {
          run++;
          sent++;
          const res = await send(s, token, req).catch((err: Error) => ({ status: 599, text: `no answer: ${err.message}` }));
          // A log search answers the lines it stored, whatever they say (a Java stack trace is a
          // log line like any other): its data is the caller's, and only the rest is checked.
          const own = LOG_READS.has(key) && res.status === 200 ? withoutLogData(res.text) : res.text;
          const problems = [
            res.status >= 500 && `${res.status}`,
            leakIn(own) && `leaks a ${leakIn(own)}`,
            ({} as Record<string, unknown>).polluted !== undefined && 'pollutes Object.prototype',
          ].filter(Boolean);
          // Undo a pollution once seen, so that the routes after this one are judged on their own.
          for (const k of prototypeKeys()) {
            if (!pristine.includes(k)) {
              problems.push(`adds Object.prototype.${k}`);
              delete (Object.prototype as Record<string, unknown>)[k];
            }
          }
          if (problems.length === 0) return;
          const kind = `${key}: ${problems.join(', ')}`;
          const seen = failures.get(kind);
          if (seen) seen.count++;
          else failures.set(kind, { count: 1, example: `run ${run} of seed ${seed}: ${describe(req)} → ${clip(res.text, 300)}` });
        }),
        { seed, numRuns: RUNS_PER_ROUTE },
      );
    }
    assert.ok(sent >= routes.length * RUNS_PER_ROUTE, `${sent} requests sent`);
    const report = [...failures].map(([kind, { count, example }]) => `${kind} (${count}×)\n    e.g. ${example}`);
    assert.equal(report, [], `fuzz seed ${SEED}; ${failures.size} kind(s) of failure:\n${report.join('\n')}`);
  });
});
