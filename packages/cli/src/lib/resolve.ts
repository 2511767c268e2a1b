/**
 * Names the way people type them, turned into the ids the API takes: an asset by id, hostname or
 * external id, a user by username or `@me`, a group by name, and anything by a unique id prefix
 * of at least 6 characters (`alerts show 3f9a1c`). The server does the matching (exact-name and
 * `id_prefix` list filters), so resolving costs one or two small queries, never a scan.
 */
import { type ErrorCodeWithStatus, NotFoundError, ValidationError } from '@secai/core/errors';
import type { Asset, AssetGroup, Role, Secai, User } from '@secai/sdk';
import { assetName } from './row-names.js';

/** Short ids must be at least this long: shorter ones match too much to be worth a request. */
export const MIN_ID_PREFIX = 6;
/** Candidates named in an "ambiguous" error; more are summarised as "and N more". */
const MAX_CANDIDATES = 10;

const FULL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PREFIX = /^[A-Za-z0-9-]+$/;

/** Where the value came from (`--asset`, `<alert-id>`), so an error names what the user typed. */
export interface ResolveOptions {
  flag?: string;
}

const from = (options: ResolveOptions) => (options.flag ? `${options.flag}: ` : '');

/** A whole id, used as given (the server answers 404 when it does not exist). */
export const isFullId = (value: string): boolean => FULL_ID.test(value);

/** True when the value can be an id prefix (so it is worth asking the server for matches). */
export const isIdPrefix = (value: string): boolean => value.length >= MIN_ID_PREFIX && PREFIX.test(value);

function ambiguous<T extends { id: string }>(
  value: string,
  kind: string,
  matches: T[],
  label: (item: T) => string,
  options: ResolveOptions,
) {
  const shown = matches.slice(0, MAX_CANDIDATES).map((m) => `${m.id}  ${label(m)}`.trimEnd());
  const more = matches.length > MAX_CANDIDATES ? [`… and ${matches.length - MAX_CANDIDATES} more`] : [];
  return new ValidationError(
    `${from(options)}"${value}" matches ${matches.length > MAX_CANDIDATES ? 'more than 10' : matches.length} ${kind}s; give more of the id:\n  ${[...shown, ...more].join('\n  ')}`,
    [{ code: 'ambiguous', path: options.flag ? [options.flag] : [], message: `matches ${matches.length} ${kind}s` }],
    'ID_AMBIGUOUS',
  );
}

function tooShort(value: string, kind: string, options: ResolveOptions) {
  return new ValidationError(
    `${from(options)}"${value}" is too short: give at least the first ${MIN_ID_PREFIX} characters of the ${kind}'s id`,
    [{ code: 'too_short', path: options.flag ? [options.flag] : [], message: 'not an id' }],
    'ID_TOO_SHORT',
  );
}

/** Distinct by id, keeping the first seen. */
function distinct<T extends { id: string }>(items: T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(item.id)) seen.set(item.id, item);
  return [...seen.values()];
}

export interface IdPrefixSpec<T extends { id: string }> {
  /** What it is, for messages: "alert". */
  kind: string;
  /** The API's not-found code for this kind, e.g. ALERT_NOT_FOUND. */
  notFoundCode: ErrorCodeWithStatus<404>;
  /** Up to `limit` items whose id starts with the prefix (an `id_prefix` list filter). */
  byPrefix: (prefix: string, limit: number) => Promise<T[]>;
  /** A few words beside each candidate of an ambiguous prefix. */
  label?: (item: T) => string;
}

/**
 * A whole id as given, or the one id that starts with `value`.
 * @example await resolveIdPrefix('3f9a1c', { kind: 'alert', notFoundCode: 'ALERT_NOT_FOUND', byPrefix }) // '3f9a1c07-…'
 */
export async function resolveIdPrefix<T extends { id: string }>(
  value: string,
  spec: IdPrefixSpec<T>,
  options: ResolveOptions = {},
): Promise<string> {
  if (isFullId(value)) return value;
  if (!isIdPrefix(value)) throw tooShort(value, spec.kind, options);
  const matches = await spec.byPrefix(value.toLowerCase(), MAX_CANDIDATES + 1);
  if (matches.length === 0) {
    throw new NotFoundError(spec.notFoundCode, `${from(options)}no ${spec.kind} id starts with ${value}`, { id_prefix: value });
  }
  if (matches.length > 1) throw ambiguous(value, spec.kind, matches, spec.label ?? (() => ''), options);
  return (matches[0] as T).id;
}

/** An alert id from a whole id or a unique prefix. */
export function resolveAlertId(client: Secai, value: string, options: ResolveOptions = {}): Promise<string> {
  return resolveIdPrefix(
    value,
    {
      kind: 'alert',
      notFoundCode: 'ALERT_NOT_FOUND',
      byPrefix: async (prefix, limit) => (await client.alerts.list({ id_prefix: prefix, limit })).data,
      label: (a) => `${a.severity}  ${a.title}`,
    },
    options,
  );
}

/** A vulnerability id from a whole id or a unique prefix (what `vulns list` shows). */
export function resolveVulnId(client: Secai, value: string, options: ResolveOptions = {}): Promise<string> {
  return resolveIdPrefix(
    value,
    {
      kind: 'vulnerability',
      notFoundCode: 'VULNERABILITY_NOT_FOUND',
      byPrefix: async (prefix, limit) => (await client.vulns.list({ id_prefix: prefix, limit })).data,
      label: (v) => `${v.severity}  ${v.title}`,
    },
    options,
  );
}

/** The user behind `@me` (or `me`), a username, a whole id or a unique id prefix. */
export async function resolveUser(client: Secai, value: string, options: ResolveOptions = {}): Promise<Pick<User, 'id' | 'username'>> {
  if (value === '@me' || value === 'me') return client.users.me();
  if (isFullId(value)) return client.users.get(value);
  const [byName, byPrefix] = await Promise.all([
    client.users.list({ username: value.replace(/^@/, ''), limit: 1 }),
    isIdPrefix(value) ? client.users.list({ id_prefix: value.toLowerCase(), limit: MAX_CANDIDATES + 1 }) : undefined,
  ]);
  // A username beats an id prefix that happens to look like one.
  if (byName.data[0]) return byName.data[0];
  const matches = byPrefix?.data ?? [];
  if (matches.length > 1) throw ambiguous(value, 'user', matches, (u) => u.username, options);
  if (matches[0]) return matches[0];
  throw new ValidationError(
    `${from(options)}no user named ${value}`,
    [{ code: 'unknown', path: options.flag ? [options.flag] : [], message: `no user named ${value}` }],
    'NAME_UNKNOWN',
  );
}

/** The asset with this id (whole or a unique prefix), hostname (any case) or external id. */
export async function resolveAsset(client: Secai, value: string, options: ResolveOptions = {}): Promise<Asset> {
  if (isFullId(value)) return client.assets.get(value);
  const [byHostname, byExternalId, byPrefix] = await Promise.all([
    client.assets.list({ hostname: value, limit: MAX_CANDIDATES + 1 }),
    client.assets.list({ external_id: value, limit: MAX_CANDIDATES + 1 }),
    isIdPrefix(value) ? client.assets.list({ id_prefix: value.toLowerCase(), limit: MAX_CANDIDATES + 1 }) : undefined,
  ]);
  // Names first: a hostname like "deadbeef01" must not be taken for an id prefix.
  const named = distinct([...byHostname.data, ...byExternalId.data]);
  const matches = named.length > 0 ? named : (byPrefix?.data ?? []);
  if (matches.length > 1) throw ambiguous(value, 'asset', matches, (a) => (assetName(a) === a.id ? '' : assetName(a)), options);
  if (matches[0]) return matches[0];
  throw new ValidationError(
    `${from(options)}no asset has the id, hostname or external id ${value}`,
    [{ code: 'unknown', path: options.flag ? [options.flag] : [], message: `no asset ${value}` }],
    'NAME_UNKNOWN',
  );
}

/** The asset group with this name, whole id or unique id prefix. */
export async function resolveGroup(client: Secai, value: string, options: ResolveOptions = {}): Promise<AssetGroup> {
  if (isFullId(value)) return client.assetGroups.get(value);
  const [byName, byPrefix] = await Promise.all([
    client.assetGroups.list({ name: value, limit: 1 }),
    isIdPrefix(value) ? client.assetGroups.list({ id_prefix: value.toLowerCase(), limit: MAX_CANDIDATES + 1 }) : undefined,
  ]);
  if (byName.data[0]) return byName.data[0];
  const matches = byPrefix?.data ?? [];
  if (matches.length > 1) throw ambiguous(value, 'group', matches, (g) => g.name, options);
  if (matches[0]) return matches[0];
  throw new ValidationError(
    `${from(options)}no asset group named ${value}`,
    [{ code: 'unknown', path: options.flag ? [options.flag] : [], message: `no group named ${value}` }],
    'NAME_UNKNOWN',
  );
}

/** The role with this name or id (roles are few, so they are matched here, not on the server). */
export async function resolveRole(client: Secai, value: string, options: ResolveOptions = {}): Promise<Role> {
  const roles = await client.roles.list({ limit: 1000 }).toArray({ max: 10_000 });
  const byName = roles.find((r) => r.name === value.toLowerCase());
  if (byName) return byName;
  const byId = isIdPrefix(value) ? roles.filter((r) => r.id.startsWith(value.toLowerCase())) : [];
  if (byId.length > 1) throw ambiguous(value, 'role', byId, (r) => r.name, options);
  if (byId[0]) return byId[0];
  throw new ValidationError(
    `${from(options)}no role named ${value}; roles: ${roles.map((r) => r.name).join(', ')}`,
    [{ code: 'unknown', path: options.flag ? [options.flag] : [], message: `no role named ${value}` }],
    'NAME_UNKNOWN',
  );
}

/** A session or token id from a whole id or a unique prefix among the caller's own (few). */
export async function resolveOwnId<T extends { id: string }>(
  value: string,
  kind: 'session' | 'token',
  all: () => Promise<T[]>,
  options: ResolveOptions = {},
): Promise<string> {
  return resolveIdPrefix(
    value,
    {
      kind,
      notFoundCode: kind === 'session' ? 'SESSION_NOT_FOUND' : 'TOKEN_NOT_FOUND',
      byPrefix: async (prefix) => (await all()).filter((item) => item.id.startsWith(prefix)),
    },
    options,
  );
}

/**
 * An import tag that some import used: a gate judging a mistyped scope would find nothing open
 * and pass, so a tag no import carries is an error, not an empty scope.
 */
export async function assertImportTag(client: Secai, tag: string, options: ResolveOptions = {}): Promise<string> {
  const { data } = await client.imports.list({ tag, limit: 1 });
  // Checked here too: a server without the tag filter ignores it and answers any import.
  if (data.some((i) => i.tag === tag)) return tag;
  throw new ValidationError(
    `${from(options)}no import has the tag ${tag} (tags come from \`secai vulns import … --tag\`)`,
    [{ code: 'unknown', path: options.flag ? [options.flag] : [], message: `no import tagged ${tag}` }],
    'NAME_UNKNOWN',
  );
}
