import {
  DetectionRule,
  type Page,
  RuleException,
  type RuleListQuery,
  type RuleSetSummary,
  type Severity,
  severityOfLevel,
} from '@secai/core';
import type { DbOrTrx } from '../database.js';
import { isPostgres } from '../dialect.js';
import { whereIdPrefix } from '../id-prefix.js';
import { bool, DetectionRuleModel, plainRows, RuleExceptionModel, rowMapper } from '../models/index.js';
import { applyKeyset, toPage } from '../pagination.js';
import { whereTextMatches } from '../text-search.js';

/** A stored rule row as the services see it. */
export type RuleRow = Omit<DetectionRuleModel, keyof import('objection').Model> & {
  enabled: boolean;
};

const SORT_COLUMNS = { title: 'title', level: 'level', updated_at: 'updated_at' } as const;
/** knex writes SQLite multi-row inserts as a compound SELECT, limited to 500 terms; rules have 19 columns. */
const CHUNK = 25;

const toRuleFields = rowMapper<Omit<DetectionRule, 'severity'>>(DetectionRule.omit({ severity: true }), DetectionRuleModel, ['enabled']);
const toException = rowMapper<RuleException>(RuleException, RuleExceptionModel);

/** The API's rule: the row's fields and the severity its alerts get. */
export function toRule(row: object): DetectionRule {
  const fields = toRuleFields(row);
  return { ...fields, severity: (fields.level_override as Severity | null) ?? severityOfLevel(fields.level) };
}

function toRow(r: Record<string, unknown>): RuleRow {
  return {
    ...(r as unknown as RuleRow),
    enabled: bool(r.enabled),
    tags: typeof r.tags === 'string' ? JSON.parse(r.tags) : (r.tags as string[]),
    logsource: typeof r.logsource === 'string' ? JSON.parse(r.logsource) : (r.logsource as RuleRow['logsource']),
  };
}

export interface RuleFilter {
  rule_set?: string;
  status?: readonly string[];
  level?: readonly string[];
  tag?: readonly string[];
}

export class RulesRepository {
  async list(db: DbOrTrx, query: RuleListQuery): Promise<Page<DetectionRule>> {
    const sort = { column: SORT_COLUMNS[query.sort.field], direction: query.sort.direction };
    const q = this.filtered(db, query);
    if (query.enabled) q.where('enabled', query.enabled === 'true');
    if (query.runnable === 'true') q.whereNull('refused');
    if (query.runnable === 'false') q.whereNotNull('refused');
    if (query.q) whereTextMatches(q, db, ['title', 'sigma_id'], query.q);
    if (query.id_prefix) whereIdPrefix(q, db, 'id', query.id_prefix);
    const rows = await plainRows<DetectionRuleModel>(applyKeyset(q, sort, query.limit, query.cursor));
    return toPage(rows, sort, query.limit, toRule);
  }

  /** The rules a filter selects (status, level, tag are any-of lists). */
  private filtered(db: DbOrTrx, filter: RuleFilter) {
    const q = DetectionRuleModel.query(db);
    if (filter.rule_set) q.where('rule_set', filter.rule_set);
    if (filter.status) q.whereIn('status', filter.status);
    if (filter.level) q.whereIn('level', filter.level);
    // Tags are a JSON list: a rule set has thousands of rules, so a text match on it is fast enough.
    const tagSql = isPostgres(db) ? "tags::text like ? escape '\\'" : "tags like ? escape '\\'";
    const tags = filter.tag ?? [];
    if (tags.length > 0)
      q.where((w) =>
        w.whereRaw(
          tags.map(() => tagSql).join(' or '),
          tags.map((tag) => `%${JSON.stringify(tag).replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
        ),
      );
    return q;
  }

  async findById(db: DbOrTrx, id: string): Promise<RuleRow | undefined> {
    const row = await DetectionRuleModel.query(db).findById(id);
    return row && toRow(row.toJSON());
  }

  /** Rules whose Sigma id is this (one per rule set that holds it). */
  async findBySigmaId(db: DbOrTrx, sigmaId: string): Promise<RuleRow[]> {
    return (await plainRows<Record<string, unknown>>(DetectionRuleModel.query(db).where('sigma_id', sigmaId))).map(toRow);
  }

  async inSet(db: DbOrTrx, ruleSet: string): Promise<RuleRow[]> {
    return (await plainRows<Record<string, unknown>>(DetectionRuleModel.query(db).where('rule_set', ruleSet))).map(toRow);
  }

  /** What the pipeline runs: enabled rules the engine accepts. */
  async runnable(db: DbOrTrx): Promise<RuleRow[]> {
    const q = DetectionRuleModel.query(db).where('enabled', true).whereNull('refused').orderBy('id');
    return (await plainRows<Record<string, unknown>>(q)).map(toRow);
  }

  async insertMany(db: DbOrTrx, rows: readonly RuleRow[]): Promise<void> {
    const encoded = rows.map((r) => ({ ...r, tags: JSON.stringify(r.tags), logsource: r.logsource && JSON.stringify(r.logsource) }));
    for (let i = 0; i < encoded.length; i += CHUNK) await db('detection_rules').insert(encoded.slice(i, i + CHUNK));
  }

  async update(db: DbOrTrx, id: string, patch: Partial<RuleRow>): Promise<void> {
    await DetectionRuleModel.query(db).patch(patch).where('id', id);
  }

  /** Sets `enabled` on every rule the filter selects (refused rules are never enabled); how many changed. */
  async setEnabled(db: DbOrTrx, filter: RuleFilter, enabled: boolean, now: string): Promise<number> {
    const q = this.filtered(db, filter).whereNot('enabled', enabled);
    // A rule the engine refuses stays disabled whatever selects it.
    if (enabled) q.whereNull('refused');
    return q.patch({ enabled, updated_at: now });
  }

  async deleteMany(db: DbOrTrx, ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500)
      await db('detection_rules')
        .whereIn('id', ids.slice(i, i + 500))
        .delete();
  }

  async ruleSet(db: DbOrTrx, name: string): Promise<{ name: string; version: number } | undefined> {
    return db('rule_sets').where('name', name).first();
  }

  async saveRuleSet(db: DbOrTrx, set: { name: string; version: number; imported_at: string; imported_by: string | null }): Promise<void> {
    await db('rule_sets').insert(set).onConflict('name').merge();
  }

  /** Removes a set and its rules (and so their exceptions); false when there is no such set. */
  async deleteRuleSet(db: DbOrTrx, name: string): Promise<boolean> {
    // The rules one by one, not by the foreign key's cascade: their triggers move the rules' version.
    await this.deleteMany(
      db,
      (await db('detection_rules').where('rule_set', name).select('id')).map((r: { id: string }) => r.id),
    );
    return (await db('rule_sets').where('name', name).delete()) > 0;
  }

  async ruleSets(db: DbOrTrx): Promise<RuleSetSummary[]> {
    const rows = (await db('rule_sets as s')
      .leftJoin('detection_rules as r', 'r.rule_set', 's.name')
      .groupBy('s.name', 's.version', 's.imported_at')
      .orderBy('s.name')
      .select('s.name', 's.version', 's.imported_at')
      .count({ rules: 'r.id' })
      .select(db.raw('sum(case when r.enabled = ? then 1 else 0 end) as enabled', [true]))
      .select(db.raw('sum(case when r.refused is not null then 1 else 0 end) as refused'))) as Record<string, unknown>[];
    return rows.map((r) => ({
      name: r.name as string,
      version: Number(r.version),
      rules: Number(r.rules),
      enabled: Number(r.enabled ?? 0),
      refused: Number(r.refused ?? 0),
      imported_at: new Date(r.imported_at as string).toISOString(),
    }));
  }

  async exceptions(db: DbOrTrx, ruleId?: string): Promise<RuleException[]> {
    const q = RuleExceptionModel.query(db).orderBy('created_at');
    if (ruleId) q.where('rule_id', ruleId);
    return (await plainRows<Record<string, unknown>>(q)).map(toException);
  }

  async insertException(db: DbOrTrx, exception: RuleException): Promise<void> {
    await db('rule_exceptions').insert({ ...exception, match: JSON.stringify(exception.match) });
  }

  async deleteException(db: DbOrTrx, ruleId: string, id: string): Promise<number> {
    return db('rule_exceptions').where({ rule_id: ruleId, id }).delete();
  }
}
