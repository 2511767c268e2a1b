import { createConfig, lintFromString } from '@redocly/openapi-core';
import { pageOf } from '@secai/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { z } from 'zod';
import { openApiDocument } from '../app.js';
import { operationIdOf } from './openapi.js';

const document = openApiDocument();
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  method: string;
  path: string;
  operationId?: string;
  security?: unknown[];
  responses: Record<string, { headers?: Record<string, unknown> }>;
}

const operations: Operation[] = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
  METHODS.flatMap((method) => {
    const op = (item as Record<string, Omit<Operation, 'method' | 'path'> | undefined>)[method];
    return op ? [{ ...op, method, path }] : [];
  }),
);

test("redocly's recommended rules find no error and no warning", async () => {
  // The rule set ships inside @redocly/openapi-core: nothing is fetched.
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: '/openapi.json', config });
  const found = problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
  assert.equal(found, []);
});

test('every operation has an operationId of its own', () => {
  const ids = operations.map((op) => op.operationId);
  assert.ok(operations.length >= 60, `only ${operations.length} operations`);
  assert.equal(
    operations.filter((op) => !op.operationId).map((op) => `${op.method} ${op.path}`),
    [],
  );
  assert.equal(
    ids.filter((id, i) => ids.indexOf(id) !== i),
    [],
  );
});

test('operationIds are the ones clients are generated with', () => {
  const idOf = (method: string, path: string) => operations.find((op) => op.method === method && op.path === path)?.operationId;
  const expected: [string, string, string][] = [
    ['get', '/v1/alerts', 'alerts.list'],
    ['get', '/v1/alerts/{id}', 'alerts.get'],
    ['post', '/v1/alerts', 'alerts.create'],
    ['patch', '/v1/alerts/{id}', 'alerts.update'],
    ['delete', '/v1/alerts/{id}', 'alerts.delete'],
    ['get', '/v1/alerts/{id}/comments', 'alerts.comments.list'],
    ['post', '/v1/alerts/{id}/comments', 'alerts.comments.create'],
    ['get', '/v1/asset-groups/{id}/members', 'assetGroups.members.list'],
    ['post', '/v1/assets/bulk', 'assets.bulk'],
    ['post', '/v1/auth/login', 'auth.login'],
    ['post', '/v1/imports', 'imports.create'],
    ['get', '/v1/me', 'me.get'],
    ['get', '/v1/enrichment', 'enrichment.get'],
    ['get', '/v1/audit', 'audit.list'],
    ['get', '/readyz', 'readyz.get'],
  ];
  for (const [method, path, id] of expected) assert.is(idOf(method, path), id, `${method} ${path}`);
});

test('operationIds follow the method, the answer and the path', () => {
  const page = pageOf(z.object({ id: z.string() }));
  const one = z.object({ id: z.string() });
  assert.is(operationIdOf({ method: 'get', path: '/v1/things', response: page }), 'things.list');
  assert.is(operationIdOf({ method: 'get', path: '/v1/things/:id', response: one }), 'things.get');
  assert.is(operationIdOf({ method: 'get', path: '/v1/thing-kinds/:id/parts', response: page }), 'thingKinds.parts.list');
  assert.is(operationIdOf({ method: 'put', path: '/v1/things/:id' }), 'things.replace');
  assert.is(operationIdOf({ method: 'patch', path: '/v1/things/:id' }), 'things.update');
  assert.is(operationIdOf({ method: 'patch', path: '/v1/things' }), 'things.updateMany');
  assert.is(operationIdOf({ method: 'post', path: '/v1/things/:id/notes', status: 201 }), 'things.notes.create');
  assert.is(operationIdOf({ method: 'post', path: '/v1/things/:id/archive' }), 'things.archive');
  assert.is(operationIdOf({ method: 'post', path: '/v1/things' }), 'things.create');
});

test('public operations say they need no credentials; the others name the bearer scheme', () => {
  const publicOnes = operations.filter((op) => Array.isArray(op.security) && op.security.length === 0).map((op) => op.path);
  assert.equal(publicOnes.sort(), ['/healthz', '/readyz', '/v1/auth/login', '/v1/auth/logout', '/v1/auth/refresh']);
  for (const op of operations.filter((o) => !publicOnes.includes(o.path))) assert.equal(op.security, [{ bearer: [] }], op.path);
});

test('every operation documents the 503 of a database outage with its Retry-After', () => {
  for (const op of operations) assert.ok(op.responses['503']?.headers?.['Retry-After'], `${op.method} ${op.path}`);
});

test.run();
