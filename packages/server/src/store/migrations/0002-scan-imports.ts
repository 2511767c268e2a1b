import type { Knex } from 'knex';

// Re-imports: each vulnerability remembers the import scope it belongs to (scanner format and
// asset, group, tag or none), so a new scan of the same scope can close what it no longer finds.
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('vulnerabilities', (t) => {
    t.string('scope_key', 300);
    t.string('location', 1000);
    t.unique(['scope_key', 'fingerprint']);
  });
  await db.schema.createTable('scan_imports', (t) => {
    t.string('id', 64).primary();
    t.string('format', 32).notNullable();
    t.string('file_name', 300);
    t.string('file_sha256', 64).notNullable();
    t.string('scope_key', 300).notNullable();
    t.string('asset_id', 64).references('assets.id').onDelete('SET NULL');
    t.string('group_id', 64).references('asset_groups.id').onDelete('SET NULL');
    t.string('tag', 64);
    t.integer('findings').notNullable();
    t.integer('new').notNullable();
    t.integer('updated').notNullable();
    t.integer('closed').notNullable();
    t.integer('reopened').notNullable();
    t.integer('hosts').notNullable().defaultTo(0);
    t.string('imported_by', 64);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['created_at', 'id']);
    t.index(['scope_key', 'created_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('scan_imports');
  await db.schema.alterTable('vulnerabilities', (t) => {
    t.dropUnique(['scope_key', 'fingerprint']);
    t.dropColumn('scope_key');
    t.dropColumn('location');
  });
}
