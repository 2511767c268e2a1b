import type { Alert, ApiToken, Asset, AssetGroup, AuditEvent, Role, Session, User, Vulnerability } from '@secai/sdk';
import { type Column, styleSeverity } from './output.js';

export const alertColumns: Column<Alert>[] = [
  { key: 'id', header: 'ID', get: (a) => a.id, id: true },
  { key: 'severity', header: 'SEVERITY', get: (a) => a.severity, style: (s, a) => styleSeverity(s, a.severity), fit: 'keep' },
  { key: 'status', header: 'STATUS', get: (a) => a.status, fit: 'keep' },
  { key: 'title', header: 'TITLE', get: (a) => a.title, fit: 'text' },
  { key: 'source', header: 'SOURCE', get: (a) => a.source, optional: true },
  { key: 'asset_id', header: 'ASSET', get: (a) => a.asset_id, ref: 'asset' },
  { key: 'assignee_id', header: 'ASSIGNEE', get: (a) => a.assignee_id, ref: 'user' },
  { key: 'last_seen_at', header: 'LAST SEEN', get: (a) => a.last_seen_at, optional: true },
];

export const assetColumns: Column<Asset>[] = [
  { key: 'id', header: 'ID', get: (a) => a.id, id: true },
  { key: 'hostname', header: 'HOSTNAME', get: (a) => a.hostname, fit: 'keep' },
  { key: 'ip_addresses', header: 'ADDRESSES', get: (a) => a.ip_addresses },
  { key: 'criticality', header: 'CRITICALITY', get: (a) => a.criticality, style: (s, a) => styleSeverity(s, a.criticality), fit: 'keep' },
  { key: 'exposure', header: 'EXPOSURE', get: (a) => a.exposure, optional: true },
  { key: 'os', header: 'OS', get: (a) => a.os, fit: 'text' },
  { key: 'owner', header: 'OWNER', get: (a) => a.owner },
  { key: 'tags', header: 'TAGS', get: (a) => a.tags, fit: 'text' },
  { key: 'external_id', header: 'EXTERNAL ID', get: (a) => a.external_id, optional: true },
];

export const vulnColumns: Column<Vulnerability>[] = [
  { key: 'id', header: 'ID', get: (v) => v.id, id: true },
  { key: 'priority', header: 'PRIORITY', get: (v) => v.priority, optional: true },
  { key: 'severity', header: 'SEVERITY', get: (v) => v.severity, style: (s, v) => styleSeverity(s, v.severity), fit: 'keep' },
  { key: 'cvss_score', header: 'CVSS', get: (v) => v.cvss_score, optional: true },
  { key: 'kev', header: 'KEV', get: (v) => (v.kev ? 'yes' : ''), optional: true },
  { key: 'status', header: 'STATUS', get: (v) => v.status, fit: 'keep' },
  { key: 'cve_ids', header: 'CVE', get: (v) => v.cve_ids, fit: 'keep' },
  { key: 'title', header: 'TITLE', get: (v) => v.title, fit: 'text' },
  {
    key: 'component',
    header: 'COMPONENT',
    fit: 'text',
    optional: true,
    get: (v) => (v.component ? `${v.component}${v.version ? ` ${v.version}` : ''}` : null),
  },
  { key: 'fix_version', header: 'FIXED IN', get: (v) => v.fix_version, optional: true },
  { key: 'due_at', header: 'DUE', get: (v) => v.due_at, optional: true },
  { key: 'asset_id', header: 'ASSET', get: (v) => v.asset_id, ref: 'asset' },
];

export const userColumns: Column<User>[] = [
  { key: 'id', header: 'ID', get: (u) => u.id, id: true },
  { key: 'username', header: 'USERNAME', get: (u) => u.username, fit: 'keep' },
  { key: 'display_name', header: 'NAME', get: (u) => u.display_name, fit: 'text' },
  { key: 'roles', header: 'ROLES', get: (u) => u.roles },
  { key: 'disabled', header: 'DISABLED', get: (u) => (u.disabled ? 'yes' : 'no') },
  { key: 'last_login_at', header: 'LAST LOGIN', get: (u) => u.last_login_at, optional: true },
];

export const roleColumns: Column<Role>[] = [
  { key: 'name', header: 'NAME', get: (r) => r.name, fit: 'keep' },
  { key: 'builtin', header: 'BUILT-IN', get: (r) => (r.builtin ? 'yes' : 'no') },
  { key: 'permissions', header: 'PERMISSIONS', get: (r) => r.permissions, fit: 'text' },
  { key: 'description', header: 'DESCRIPTION', get: (r) => r.description, fit: 'text' },
  { key: 'id', header: 'ID', get: (r) => r.id, id: true },
];

export const tokenColumns: Column<ApiToken>[] = [
  { key: 'id', header: 'ID', get: (t) => t.id, id: true },
  { key: 'name', header: 'NAME', get: (t) => t.name, fit: 'keep' },
  { key: 'prefix', header: 'PREFIX', get: (t) => t.prefix },
  { key: 'permissions', header: 'PERMISSIONS', get: (t) => t.permissions, fit: 'text' },
  { key: 'expires_at', header: 'EXPIRES', get: (t) => t.expires_at },
  { key: 'last_used_at', header: 'LAST USED', get: (t) => t.last_used_at, optional: true },
  { key: 'revoked_at', header: 'REVOKED', get: (t) => t.revoked_at },
];

export const sessionColumns: Column<Session>[] = [
  { key: 'id', header: 'ID', get: (s) => s.id, id: true },
  { key: 'username', header: 'USER', get: (s) => s.username, fit: 'keep' },
  { key: 'current', header: 'CURRENT', get: (s) => (s.current ? '*' : '') },
  { key: 'ip', header: 'IP', get: (s) => s.ip },
  { key: 'user_agent', header: 'CLIENT', get: (s) => s.user_agent, fit: 'text' },
  { key: 'last_used_at', header: 'LAST USED', get: (s) => s.last_used_at },
  { key: 'revoked_at', header: 'REVOKED', get: (s) => s.revoked_at },
];

export const auditColumns: Column<AuditEvent>[] = [
  { key: 'at', header: 'AT', get: (e) => e.at },
  { key: 'actor', header: 'ACTOR', get: (e) => e.actor, fit: 'keep' },
  { key: 'action', header: 'ACTION', get: (e) => e.action },
  { key: 'outcome', header: 'OUTCOME', get: (e) => e.outcome, fit: 'keep' },
  { key: 'target', header: 'TARGET', get: (e) => (e.target_type ? `${e.target_type}:${e.target_id ?? ''}` : null) },
  { key: 'ip', header: 'IP', get: (e) => e.ip, optional: true },
  { key: 'request_id', header: 'REQUEST ID', get: (e) => e.request_id, optional: true },
];

export const groupColumns: Column<AssetGroup>[] = [
  { key: 'id', header: 'ID', get: (g) => g.id, id: true },
  { key: 'name', header: 'NAME', get: (g) => g.name, fit: 'keep' },
  { key: 'kind', header: 'KIND', get: (g) => g.kind, fit: 'keep' },
  { key: 'member_count', header: 'ASSETS', get: (g) => g.member_count, fit: 'keep' },
  { key: 'description', header: 'DESCRIPTION', get: (g) => g.description, fit: 'text' },
];
