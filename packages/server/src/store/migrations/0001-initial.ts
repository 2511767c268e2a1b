import type { Knex } from 'knex';

// Runs unchanged on SQLite and PostgreSQL: timestamps are written as ISO-8601 UTC strings, JSON
// as `json` (text on SQLite), and every list filter has an index ending in the keyset columns.

function timestamps(t: Knex.CreateTableBuilder): void {
  t.timestamp('created_at', { useTz: true }).notNullable();
  t.timestamp('updated_at', { useTz: true }).notNullable();
}

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('settings', (t) => {
    t.string('key', 100).primary();
    t.text('value').notNullable();
  });

  await db.schema.createTable('roles', (t) => {
    t.string('id', 64).primary();
    t.string('name', 64).notNullable().unique();
    t.text('description');
    t.json('permissions').notNullable();
    t.boolean('builtin').notNullable().defaultTo(false);
    timestamps(t);
  });

  await db.schema.createTable('users', (t) => {
    t.string('id', 64).primary();
    t.string('username', 64).notNullable();
    t.string('username_key', 64).notNullable().unique();
    t.string('display_name', 128);
    t.string('email', 320);
    t.text('password_hash').notNullable();
    t.boolean('disabled').notNullable().defaultTo(false);
    t.json('settings').notNullable();
    timestamps(t);
    t.timestamp('last_login_at', { useTz: true });
    t.index(['created_at', 'id']);
  });

  await db.schema.createTable('user_roles', (t) => {
    t.string('user_id', 64).notNullable().references('users.id').onDelete('CASCADE');
    t.string('role_id', 64).notNullable().references('roles.id').onDelete('RESTRICT');
    t.primary(['user_id', 'role_id']);
    t.index(['role_id']);
  });

  await db.schema.createTable('sessions', (t) => {
    t.string('id', 64).primary();
    t.string('user_id', 64).notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('last_used_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.string('revoked_reason', 64);
    t.string('ip', 64);
    t.string('user_agent', 512);
    t.index(['user_id', 'created_at', 'id']);
    t.index(['created_at', 'id']);
  });

  await db.schema.createTable('refresh_tokens', (t) => {
    t.string('id', 64).primary();
    t.string('session_id', 64).notNullable().references('sessions.id').onDelete('CASCADE');
    t.string('token_hash', 64).notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.index(['session_id']);
  });

  await db.schema.createTable('api_tokens', (t) => {
    t.string('id', 64).primary();
    t.string('user_id', 64).notNullable().references('users.id').onDelete('CASCADE');
    t.string('name', 100).notNullable();
    t.string('prefix', 32).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.json('permissions').notNullable();
    t.timestamp('expires_at', { useTz: true });
    t.timestamp('last_used_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['user_id', 'created_at', 'id']);
    t.index(['created_at', 'id']);
  });

  await db.schema.createTable('asset_types', (t) => {
    t.string('id', 64).primary();
    t.string('name', 64).notNullable().unique();
    t.text('description');
    timestamps(t);
  });

  await db.schema.createTable('assets', (t) => {
    t.string('id', 64).primary();
    // external id, else hostname, else first address: what bulk upserts match on.
    t.string('natural_key', 300).notNullable().unique();
    t.string('external_id', 200).unique();
    t.string('hostname', 253);
    t.json('ip_addresses').notNullable();
    t.string('os', 200);
    t.string('asset_type', 64);
    t.string('owner', 200);
    t.string('criticality', 16).notNullable();
    t.smallint('criticality_rank').notNullable();
    t.string('exposure', 16).notNullable();
    t.smallint('business_value');
    t.json('tags').notNullable();
    timestamps(t);
    t.index(['created_at', 'id']);
    t.index(['updated_at', 'id']);
    t.index(['criticality_rank', 'id']);
    t.index(['hostname']);
    t.index(['asset_type']);
    t.index(['owner']);
    t.index(['exposure', 'created_at', 'id']);
  });

  await db.schema.createTable('asset_tags', (t) => {
    t.string('asset_id', 64).notNullable().references('assets.id').onDelete('CASCADE');
    t.string('tag', 64).notNullable();
    t.primary(['asset_id', 'tag']);
    t.index(['tag', 'asset_id']);
  });

  await db.schema.createTable('asset_groups', (t) => {
    t.string('id', 64).primary();
    t.string('name', 128).notNullable().unique();
    t.text('description');
    t.string('kind', 16).notNullable();
    t.json('filter');
    timestamps(t);
    t.index(['created_at', 'id']);
  });

  await db.schema.createTable('asset_group_members', (t) => {
    t.string('group_id', 64).notNullable().references('asset_groups.id').onDelete('CASCADE');
    t.string('asset_id', 64).notNullable().references('assets.id').onDelete('CASCADE');
    t.primary(['group_id', 'asset_id']);
    t.index(['asset_id']);
  });

  await db.schema.createTable('alert_types', (t) => {
    t.string('id', 64).primary();
    t.string('name', 64).notNullable().unique();
    t.text('description');
    t.string('default_severity', 16).notNullable();
    timestamps(t);
  });

  await db.schema.createTable('alerts', (t) => {
    t.string('id', 64).primary();
    t.string('title', 500).notNullable();
    t.text('description');
    t.string('severity', 16).notNullable();
    t.smallint('severity_rank').notNullable();
    t.string('status', 32).notNullable();
    t.string('source', 200);
    t.string('rule', 500);
    t.string('alert_type', 64);
    t.string('asset_id', 64).references('assets.id').onDelete('SET NULL');
    t.string('assignee_id', 64).references('users.id').onDelete('SET NULL');
    t.json('technique_ids').notNullable();
    t.json('tags').notNullable();
    t.json('events').notNullable();
    t.timestamp('first_seen_at', { useTz: true }).notNullable();
    t.timestamp('last_seen_at', { useTz: true }).notNullable();
    timestamps(t);
    t.timestamp('acknowledged_at', { useTz: true });
    t.timestamp('resolved_at', { useTz: true });
    // Each sort order alone and under a status filter (lists split multi-status filters per value).
    for (const sort of ['created_at', 'last_seen_at', 'severity_rank']) {
      t.index([sort, 'id']);
      t.index(['status', sort, 'id']);
    }
    t.index(['title', 'id']);
    t.index(['asset_id', 'created_at']);
    t.index(['assignee_id', 'created_at']);
    t.index(['alert_type', 'created_at']);
    t.index(['source', 'created_at']);
  });

  await db.schema.createTable('alert_tags', (t) => {
    t.string('alert_id', 64).notNullable().references('alerts.id').onDelete('CASCADE');
    t.string('tag', 64).notNullable();
    t.primary(['alert_id', 'tag']);
    t.index(['tag', 'alert_id']);
  });

  await db.schema.createTable('alert_comments', (t) => {
    t.string('id', 64).primary();
    t.string('alert_id', 64).notNullable().references('alerts.id').onDelete('CASCADE');
    t.string('author_id', 64).references('users.id').onDelete('SET NULL');
    t.string('author', 64);
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['alert_id', 'created_at', 'id']);
  });

  await db.schema.createTable('vulnerabilities', (t) => {
    t.string('id', 64).primary();
    t.string('asset_id', 64).references('assets.id').onDelete('SET NULL');
    t.string('title', 500).notNullable();
    t.text('description');
    t.json('cve_ids').notNullable();
    t.json('cwe_ids').notNullable();
    t.string('cvss_vector', 300);
    t.double('cvss_score');
    t.string('severity', 16).notNullable();
    t.smallint('severity_rank').notNullable();
    t.string('status', 32).notNullable();
    t.string('component', 300);
    t.string('version', 100);
    t.string('fix_version', 100);
    t.string('scanner', 100);
    t.string('fingerprint', 200);
    t.timestamp('risk_accepted_until', { useTz: true });
    t.timestamp('first_seen_at', { useTz: true }).notNullable();
    t.timestamp('last_seen_at', { useTz: true }).notNullable();
    t.timestamp('fixed_at', { useTz: true });
    timestamps(t);
    // Fewer indexes than alerts: imports write tens of thousands of rows at once, and each
    // index costs every one of them. Newest first is indexed here and priority (the usual order)
    // in 0003; sorts by severity, last seen or title sort the filtered rows instead.
    t.index(['created_at', 'id']);
    t.index(['status', 'created_at', 'id']);
    t.index(['asset_id', 'created_at']);
    t.index(['scanner', 'created_at']);
  });

  await db.schema.createTable('vulnerability_cves', (t) => {
    t.string('vulnerability_id', 64).notNullable().references('vulnerabilities.id').onDelete('CASCADE');
    t.string('cve_id', 30).notNullable();
    t.primary(['vulnerability_id', 'cve_id']);
    t.index(['cve_id', 'vulnerability_id']);
  });

  await db.schema.createTable('audit_events', (t) => {
    t.string('id', 64).primary();
    t.timestamp('at', { useTz: true }).notNullable();
    t.string('actor_id', 64);
    t.string('actor', 64);
    t.string('action', 64).notNullable();
    t.string('outcome', 16).notNullable();
    t.string('target_type', 64);
    t.string('target_id', 200);
    t.string('ip', 64);
    t.string('request_id', 64);
    t.json('details').notNullable();
    t.index(['at', 'id']);
    t.index(['action', 'at']);
    t.index(['actor_id', 'at']);
    t.index(['target_type', 'target_id']);
    t.index(['outcome', 'at']);
  });

  await db.schema.createTable('attack_paths', (t) => {
    t.string('id', 64).primary();
    t.string('name', 200).notNullable();
    t.string('severity', 16).notNullable();
    t.double('score').notNullable();
    timestamps(t);
    t.index(['created_at', 'id']);
  });

  await db.schema.createTable('path_nodes', (t) => {
    t.string('id', 64).primary();
    t.string('path_id', 64).notNullable().references('attack_paths.id').onDelete('CASCADE');
    t.string('asset_id', 64).references('assets.id').onDelete('SET NULL');
    t.string('label', 200).notNullable();
    t.string('kind', 32).notNullable();
    t.integer('position').notNullable();
    t.index(['path_id', 'position']);
  });

  await db.schema.createTable('path_edges', (t) => {
    t.string('id', 64).primary();
    t.string('path_id', 64).notNullable().references('attack_paths.id').onDelete('CASCADE');
    t.string('from_node_id', 64).notNullable().references('path_nodes.id').onDelete('CASCADE');
    t.string('to_node_id', 64).notNullable().references('path_nodes.id').onDelete('CASCADE');
    t.string('technique', 64);
    t.string('vulnerability_id', 64).references('vulnerabilities.id').onDelete('SET NULL');
    t.double('weight').notNullable();
    t.index(['path_id']);
  });

  await db.schema.createTable('report_templates', (t) => {
    t.string('id', 64).primary();
    t.string('name', 128).notNullable().unique();
    t.text('description');
    t.json('sections').notNullable();
    timestamps(t);
  });

  await db.schema.createTable('reports', (t) => {
    t.string('id', 64).primary();
    t.string('template_id', 64).references('report_templates.id').onDelete('SET NULL');
    t.string('title', 200).notNullable();
    t.string('format', 16).notNullable();
    t.string('status', 16).notNullable();
    t.json('parameters').notNullable();
    t.text('error');
    t.string('created_by', 64).references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('completed_at', { useTz: true });
    t.index(['created_at', 'id']);
    t.index(['status', 'created_at']);
  });

  await db.schema.createTable('report_schedules', (t) => {
    t.string('id', 64).primary();
    t.string('template_id', 64).notNullable().references('report_templates.id').onDelete('CASCADE');
    t.string('name', 128).notNullable();
    t.string('cron', 100).notNullable();
    t.string('timezone', 64).notNullable();
    t.string('format', 16).notNullable();
    t.json('recipients').notNullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    t.timestamp('last_run_at', { useTz: true });
    t.timestamp('next_run_at', { useTz: true });
    timestamps(t);
    t.index(['enabled', 'next_run_at']);
  });
}

const TABLES_IN_DROP_ORDER = [
  'report_schedules',
  'reports',
  'report_templates',
  'path_edges',
  'path_nodes',
  'attack_paths',
  'audit_events',
  'vulnerability_cves',
  'vulnerabilities',
  'alert_comments',
  'alert_tags',
  'alerts',
  'alert_types',
  'asset_group_members',
  'asset_groups',
  'asset_tags',
  'assets',
  'asset_types',
  'api_tokens',
  'refresh_tokens',
  'sessions',
  'user_roles',
  'users',
  'roles',
  'settings',
];

export async function down(db: Knex): Promise<void> {
  for (const table of TABLES_IN_DROP_ORDER) await db.schema.dropTableIfExists(table);
}
