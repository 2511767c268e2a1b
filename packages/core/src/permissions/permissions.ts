/**
 * Every permission a route can require. A role is a named set of these; `*` grants all.
 * Adding one is safe; renaming one breaks stored custom roles and tokens.
 */
export const PERMISSIONS = [
  'assets:read',
  'assets:write',
  'alerts:read',
  'alerts:write',
  'vulns:read',
  'vulns:write',
  'users:read',
  'users:write',
  'roles:read',
  'roles:write',
  'audit:read',
  'sessions:read',
  'sessions:write',
  'jobs:read',
  'jobs:write',
  'schedules:read',
  'schedules:write',
  'logs:read',
  'logs:ingest',
  'rules:read',
  'rules:write',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ALL_PERMISSIONS = '*' as const;

export interface BuiltinRole {
  name: string;
  description: string;
  permissions: (Permission | typeof ALL_PERMISSIONS)[];
}

export const BUILTIN_ROLES: readonly BuiltinRole[] = [
  { name: 'admin', description: 'Everything, including users, roles and the audit log', permissions: ['*'] },
  {
    name: 'analyst',
    description: 'Reads everything and works assets, alerts and vulnerabilities',
    permissions: [
      'assets:read',
      'assets:write',
      'alerts:read',
      'alerts:write',
      'vulns:read',
      'vulns:write',
      'users:read',
      'roles:read',
      'jobs:read',
      'schedules:read',
      'logs:read',
      'logs:ingest',
      'rules:read',
      'rules:write',
    ],
  },
  {
    name: 'viewer',
    description: 'Reads assets, alerts, vulnerabilities and detection rules',
    permissions: ['assets:read', 'alerts:read', 'vulns:read', 'rules:read'],
  },
];

/** True when a permission set (possibly containing `*`) grants `needed`. */
export function grants(held: readonly string[], needed: Permission): boolean {
  return held.includes(ALL_PERMISSIONS) || held.includes(needed);
}

/** The permissions both sets grant: a token can never do more than its user. */
export function intersectPermissions(a: readonly string[], b: readonly string[]): string[] {
  if (a.includes(ALL_PERMISSIONS)) return [...b];
  if (b.includes(ALL_PERMISSIONS)) return [...a];
  return a.filter((p) => b.includes(p));
}

/**
 * The permissions in `wanted` that `held` does not grant; `*` is granted only by `*`. Nobody may
 * hand out, to a token, a role or a user, a permission they lack themselves.
 */
export function permissionsBeyond(held: readonly string[], wanted: readonly string[]): string[] {
  if (held.includes(ALL_PERMISSIONS)) return [];
  return [...new Set(wanted)].filter((p) => p === ALL_PERMISSIONS || !held.includes(p));
}
