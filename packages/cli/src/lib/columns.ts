import type { Alert, ApiToken, Asset, AuditEvent, Role, Session, User, Vulnerability } from '@secai/sdk';
import { type Column, styleSeverity } from './output.js';

export const alertColumns: Column<Alert>[] = [
  { key: 'id', header: 'ID', get: (a) => a.id },
  { key: 'severity', header: 'SEVERITY', get: (a) => a.severity, style: (s, a) => styleSeverity(s, a.severity) },
  { key: 'status', header: 'STATUS', get: (a) => a.status },
  { key: 'title', header: 'TITLE', get: (a) => a.title },
  { key: 'source', header: 'SOURCE', get: (a) => a.source },
  { key: 'asset_id', header: 'ASSET', get: (a) => a.asset_id },
  { key: 'assignee_id', header: 'ASSIGNEE', get: (a) => a.assignee_id },
  { key: 'last_seen_at', header: 'LAST SEEN', get: (a) => a.last_seen_at },
];

export const assetColumns: Column<Asset>[] = [
  { key: 'id', header: 'ID', get: (a) => a.id },
  { key: 'hostname', header: 'HOSTNAME', get: (a) => a.hostname },
  { key: 'ip_addresses', header: 'ADDRESSES', get: (a) => a.ip_addresses },
  { key: 'criticality', header: 'CRITICALITY', get: (a) => a.criticality, style: (s, a) => styleSeverity(s, a.criticality) },
  { key: 'exposure', header: 'EXPOSURE', get: (a) => a.exposure },
  { key: 'os', header: 'OS', get: (a) => a.os },
  { key: 'owner', header: 'OWNER', get: (a) => a.owner },
  { key: 'tags', header: 'TAGS', get: (a) => a.tags },
  { key: 'external_id', header: 'EXTERNAL ID', get: (a) => a.external_id },
];

export const vulnColumns: Column<Vulnerability>[] = [
  { key: 'id', header: 'ID', get: (v) => v.id },
  { key: 'priority', header: 'PRIORITY', get: (v) => v.priority },
  { key: 'severity', header: 'SEVERITY', get: (v) => v.severity, style: (s, v) => styleSeverity(s, v.severity) },
  { key: 'cvss_score', header: 'CVSS', get: (v) => v.cvss_score },
  { key: 'kev', header: 'KEV', get: (v) => (v.kev ? 'yes' : '') },
  { key: 'status', header: 'STATUS', get: (v) => v.status },
  { key: 'cve_ids', header: 'CVE', get: (v) => v.cve_ids },
  { key: 'title', header: 'TITLE', get: (v) => v.title },
  { key: 'component', header: 'COMPONENT', get: (v) => (v.component ? `${v.component}${v.version ? ` ${v.version}` : ''}` : null) },
  { key: 'fix_version', header: 'FIXED IN', get: (v) => v.fix_version },
  { key: 'due_at', header: 'DUE', get: (v) => v.due_at },
  { key: 'asset_id', header: 'ASSET', get: (v) => v.asset_id },
];

export const userColumns: Column<User>[] = [
  { key: 'id', header: 'ID', get: (u) => u.id },
  { key: 'username', header: 'USERNAME', get: (u) => u.username },
  { key: 'display_name', header: 'NAME', get: (u) => u.display_name },
  { key: 'roles', header: 'ROLES', get: (u) => u.roles },
  { key: 'disabled', header: 'DISABLED', get: (u) => (u.disabled ? 'yes' : 'no') },
  { key: 'last_login_at', header: 'LAST LOGIN', get: (u) => u.last_login_at },
];

export const roleColumns: Column<Role>[] = [
  { key: 'name', header: 'NAME', get: (r) => r.name },
  { key: 'builtin', header: 'BUILT-IN', get: (r) => (r.builtin ? 'yes' : 'no') },
  { key: 'permissions', header: 'PERMISSIONS', get: (r) => r.permissions },
  { key: 'description', header: 'DESCRIPTION', get: (r) => r.description },
  { key: 'id', header: 'ID', get: (r) => r.id },
];

export const tokenColumns: Column<ApiToken>[] = [
  { key: 'id', header: 'ID', get: (t) => t.id },
  { key: 'name', header: 'NAME', get: (t) => t.name },
  { key: 'prefix', header: 'PREFIX', get: (t) => t.prefix },
  { key: 'permissions', header: 'PERMISSIONS', get: (t) => t.permissions },
  { key: 'expires_at', header: 'EXPIRES', get: (t) => t.expires_at },
  { key: 'last_used_at', header: 'LAST USED', get: (t) => t.last_used_at },
  { key: 'revoked_at', header: 'REVOKED', get: (t) => t.revoked_at },
];

export const sessionColumns: Column<Session>[] = [
  { key: 'id', header: 'ID', get: (s) => s.id },
  { key: 'username', header: 'USER', get: (s) => s.username },
  { key: 'current', header: 'CURRENT', get: (s) => (s.current ? '*' : '') },
  { key: 'ip', header: 'IP', get: (s) => s.ip },
  { key: 'user_agent', header: 'CLIENT', get: (s) => s.user_agent },
  { key: 'last_used_at', header: 'LAST USED', get: (s) => s.last_used_at },
  { key: 'revoked_at', header: 'REVOKED', get: (s) => s.revoked_at },
];

export const auditColumns: Column<AuditEvent>[] = [
  { key: 'at', header: 'AT', get: (e) => e.at },
  { key: 'actor', header: 'ACTOR', get: (e) => e.actor },
  { key: 'action', header: 'ACTION', get: (e) => e.action },
  { key: 'outcome', header: 'OUTCOME', get: (e) => e.outcome },
  { key: 'target', header: 'TARGET', get: (e) => (e.target_type ? `${e.target_type}:${e.target_id ?? ''}` : null) },
  { key: 'ip', header: 'IP', get: (e) => e.ip },
  { key: 'request_id', header: 'REQUEST ID', get: (e) => e.request_id },
];
