import type { Knex } from 'knex';
import { addVersionTriggers } from './version-triggers.js';

/**
 * Detection (Sigma):
 * - `rule_sets`: a named set of rules imported together (from a folder or an archive), with the
 *   version its last changing import gave it.
 * - `detection_rules`: one row per rule document, keyed within its set by its Sigma id (or its
 *   path when it has none), with its YAML and the analyst's choices (enabled, level override),
 *   which a new import of the set keeps. `refused` says why the engine will not run it.
 * - `rule_exceptions`: a filter silencing a rule for some hosts or users, with an owner and an expiry.
 * - `detection_hits`: which rule fired on which event, once: a batch stored again (the spool
 *   replayed after a crash) finds its hits there and adds nothing to its alerts.
 * - `alerts` learns what a detection raises: its rule, the rule's author, the ATT&CK tactics, how
 *   many events it gathered, and the key (rule and host) later hits are grouped under.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('rule_sets', (t) => {
    t.string('name', 64).primary();
    t.integer('version').notNullable();
    t.timestamp('imported_at', { useTz: true }).notNullable();
    t.string('imported_by', 64);
  });
  await db.schema.createTable('detection_rules', (t) => {
    t.string('id', 64).primary();
    t.string('rule_set', 64).notNullable().references('rule_sets.name').onDelete('CASCADE');
    t.string('rule_key', 1000).notNullable();
    t.string('path', 1000).notNullable();
    t.string('sigma_id', 200);
    t.string('kind', 16).notNullable();
    t.string('title', 500).notNullable();
    t.string('status', 32);
    t.string('level', 32);
    t.string('level_override', 16);
    t.boolean('enabled').notNullable();
    t.text('refused');
    t.string('author', 1000);
    t.json('tags').notNullable();
    t.json('logsource');
    t.text('yaml').notNullable();
    t.string('content_hash', 64).notNullable();
    t.integer('version').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.unique(['rule_set', 'rule_key']);
    t.index(['title', 'id']);
    t.index(['updated_at', 'id']);
    t.index(['level', 'id']);
  });
  await db.schema.createTable('rule_exceptions', (t) => {
    t.string('id', 64).primary();
    t.string('rule_id', 64).notNullable().references('detection_rules.id').onDelete('CASCADE');
    t.json('match').notNullable();
    t.text('reason').notNullable();
    t.string('owner', 64).notNullable();
    t.timestamp('expires_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['rule_id']);
  });
  await db.schema.createTable('detection_hits', (t) => {
    t.string('rule_id', 64).notNullable();
    // As long as an ingested event.id may be.
    t.string('event_id', 128).notNullable();
    t.string('alert_id', 64).notNullable().references('alerts.id').onDelete('CASCADE');
    t.primary(['event_id', 'rule_id']);
    t.index(['alert_id']);
  });
  // Columns only: a foreign key would make knex rebuild the table on SQLite, losing its triggers
  // (migration 0004); a removed rule's alerts keep its id, which then names no rule.
  await db.schema.alterTable('alerts', (t) => {
    t.string('rule_id', 64);
    t.string('rule_author', 1000);
    t.json('tactics').notNullable().defaultTo('[]');
    t.integer('event_count').notNullable().defaultTo(1);
    t.string('group_key', 200);
    t.index(['group_key', 'last_seen_at']);
  });
  // The pipeline reloads the rules it runs when their version moves, whoever changed them.
  await db('data_versions').insert({ name: 'rules', version: 0 });
  await addVersionTriggers(db, 'detection_rules', 'rules');
  await addVersionTriggers(db, 'rule_exceptions', 'rules');
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('alerts', (t) => {
    t.dropIndex(['group_key', 'last_seen_at']);
    for (const c of ['rule_id', 'rule_author', 'tactics', 'event_count', 'group_key']) t.dropColumn(c);
  });
  await db('data_versions').where('name', 'rules').delete();
  await db.schema.dropTable('detection_hits');
  await db.schema.dropTable('rule_exceptions');
  await db.schema.dropTable('detection_rules');
  await db.schema.dropTable('rule_sets');
}
