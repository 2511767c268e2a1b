import { createHash } from 'node:crypto';
import {
  type DetectionRule,
  type DetectionRuleDetail,
  NotFoundError,
  type Page,
  type RuleBulkUpdate,
  type RuleException,
  type RuleExceptionCreate,
  type RuleImport,
  type RuleImportResult,
  type RuleListQuery,
  type RuleSetSummary,
  type RuleTest,
  type RuleTestResult,
  STATUSES_DISABLED_ON_IMPORT,
  ValidationError,
} from '@secai/core';
import { type LogEvent, parseLine } from '@secai/core/events';
import { Detector, documentTexts, type LoadedRule, readDocuments, type SigmaDocument } from '@secai/core/sigma';
import type { Knex } from 'knex';
import { parse as parseYaml } from 'yaml';
import { newId } from '../_lib/ids.js';
import { nowIso } from '../_lib/time.js';
import type { RulesToRun } from '../pipeline/detection.js';
import { inTransaction } from '../store/database.js';
import { type RuleRow, toRule } from '../store/repositories/index.js';
import type { RequestContext, ServiceDeps } from './context.js';

/** One document of an import: its key within the set, its file, its text and what the engine made of it. */
interface ImportedDocument {
  key: string;
  path: string;
  yaml: string;
  document: SigmaDocument;
  loaded: LoadedRule<string>;
}

/**
 * Detection rules as data: rule sets imported with versions, each rule enabled or not, with a
 * level override and exceptions; the rules the pipeline runs; and a test of rules on events.
 */
export class RulesService {
  constructor(
    private readonly deps: ServiceDeps,
    /** Told after every change, so this process's pipeline runs it at once (others see the version move). */
    private readonly changed: () => void = () => {},
  ) {}

  list(query: RuleListQuery): Promise<Page<DetectionRule>> {
    return this.deps.repos.rules.list(this.deps.db, query);
  }

  ruleSets(): Promise<RuleSetSummary[]> {
    return this.deps.repos.rules.ruleSets(this.deps.db);
  }

  /** A rule by its id, or by its Sigma id when one rule set holds it. */
  async get(idOrSigmaId: string): Promise<DetectionRuleDetail> {
    const row = await this.find(idOrSigmaId);
    const doc = readYaml(row.yaml);
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
    return {
      ...toRule(row),
      description: typeof doc?.description === 'string' ? doc.description : null,
      references: list(doc?.references),
      falsepositives: list(doc?.falsepositives),
      yaml: row.yaml,
      exceptions: await this.deps.repos.rules.exceptions(this.deps.db, row.id),
    };
  }

  /**
   * Imports a rule set: every file's documents, keyed by Sigma id (else path and position). New
   * rules are enabled unless deprecated or unsupported, changed ones keep the analyst's choices,
   * and rules the import no longer holds are removed. The set's version moves on when anything changed.
   */
  async import(ctx: RequestContext, input: RuleImport): Promise<RuleImportResult> {
    const documents = readImport(input.files);
    const { repos, audit } = this.deps;
    return this.write(async (trx) => {
      const existing = new Map((await repos.rules.inSet(trx, input.rule_set)).map((r) => [r.rule_key, r]));
      const version = ((await repos.rules.ruleSet(trx, input.rule_set))?.version ?? 0) + 1;
      const now = nowIso();
      const added: RuleRow[] = [];
      let changed = 0;
      let unchanged = 0;
      for (const d of documents) {
        const hash = createHash('sha256').update(d.yaml).digest('hex');
        const fields = contentOf(d, hash);
        const row = existing.get(d.key);
        existing.delete(d.key);
        if (!row) {
          const enabled = !('refused' in d.loaded) && !STATUSES_DISABLED_ON_IMPORT.includes(fields.status ?? '');
          added.push({
            id: newId(),
            rule_set: input.rule_set,
            rule_key: d.key,
            ...fields,
            enabled,
            level_override: null,
            version,
            created_at: now,
            updated_at: now,
          });
        } else if (row.content_hash !== hash || row.path !== d.path) {
          // A rule refused before was disabled by the engine, not by an analyst: once it runs, it is enabled as a new one would be.
          const enable =
            row.refused !== null && fields.refused === null ? { enabled: !STATUSES_DISABLED_ON_IMPORT.includes(fields.status ?? '') } : {};
          await repos.rules.update(trx, row.id, { ...fields, ...enable, version, updated_at: now });
          changed++;
        } else unchanged++;
      }
      const moved = added.length + changed + existing.size > 0;
      const current = moved ? version : version - 1;
      // The set's row first: its rules reference it.
      if (moved)
        await repos.rules.saveRuleSet(trx, { name: input.rule_set, version, imported_at: now, imported_by: ctx.actor?.username ?? null });
      await repos.rules.insertMany(trx, added);
      await repos.rules.deleteMany(
        trx,
        [...existing.values()].map((r) => r.id),
      );
      const result: RuleImportResult = {
        rule_set: input.rule_set,
        version: current,
        added: added.length,
        changed,
        removed: existing.size,
        unchanged,
        refused: documents.flatMap((d) =>
          'refused' in d.loaded ? [{ path: d.path, title: d.loaded.title ?? null, reason: d.loaded.refused }] : [],
        ),
      };
      const { refused, ...counts } = result;
      await audit.record(
        ctx,
        { action: 'rules.import', targetType: 'rule_set', targetId: input.rule_set, details: { ...counts, refused: refused.length } },
        trx,
      );
      return result;
    });
  }

  /** Removes a rule set with its rules and their exceptions; its alerts stay. */
  async deleteRuleSet(ctx: RequestContext, name: string): Promise<void> {
    await this.write(async (trx) => {
      if (!(await this.deps.repos.rules.deleteRuleSet(trx, name))) {
        throw new NotFoundError('RULE_SET_NOT_FOUND', `No rule set named ${name}`, { name });
      }
      await this.deps.audit.record(ctx, { action: 'rules.delete', targetType: 'rule_set', targetId: name, details: {} }, trx);
    });
  }

  /** Enables or disables a rule, or sets its level override (null takes it away). */
  async update(ctx: RequestContext, id: string, input: { enabled?: boolean; level_override?: string | null }): Promise<DetectionRule> {
    const row = await this.find(id);
    if (input.enabled && row.refused) {
      throw new ValidationError(`The rule cannot be enabled: the engine does not run it (${row.refused})`, [
        { code: 'rule_refused', path: ['enabled'], message: row.refused },
      ]);
    }
    const patch = { ...input, updated_at: nowIso() };
    await this.write(async (trx) => {
      await this.deps.repos.rules.update(trx, row.id, patch);
      await this.deps.audit.record(
        ctx,
        { action: 'rule.update', targetType: 'rule', targetId: row.id, details: { title: row.title, ...input } },
        trx,
      );
    });
    return toRule({ ...row, ...patch });
  }

  /** Enables or disables every rule the filter selects; refused rules stay disabled. */
  async updateMany(ctx: RequestContext, input: RuleBulkUpdate): Promise<{ updated: number }> {
    return this.write(async (trx) => {
      const updated = await this.deps.repos.rules.setEnabled(trx, input.filter, input.enabled, nowIso());
      await this.deps.audit.record(
        ctx,
        { action: 'rules.update', targetType: 'rule', targetId: null, details: { ...input, updated } },
        trx,
      );
      return { updated };
    });
  }

  async addException(ctx: RequestContext, ruleId: string, input: RuleExceptionCreate): Promise<RuleException> {
    const row = await this.find(ruleId);
    if (input.expires_at && Date.parse(input.expires_at) <= Date.now()) {
      throw new ValidationError('The exception would have expired already; give an expiry in the future, or none', [
        { code: 'in_the_past', path: ['expires_at'], message: `${input.expires_at} is past` },
      ]);
    }
    const exception: RuleException = {
      id: newId(),
      rule_id: row.id,
      match: input.match,
      reason: input.reason,
      owner: input.owner ?? ctx.actor?.username ?? 'system',
      expires_at: input.expires_at ? new Date(input.expires_at).toISOString() : null,
      created_at: nowIso(),
    };
    await this.write(async (trx) => {
      await this.deps.repos.rules.insertException(trx, exception);
      await this.deps.audit.record(
        ctx,
        {
          action: 'rule.exception.create',
          targetType: 'rule',
          targetId: row.id,
          details: { exception_id: exception.id, match: input.match, reason: input.reason },
        },
        trx,
      );
    });
    return exception;
  }

  async deleteException(ctx: RequestContext, ruleId: string, id: string): Promise<void> {
    const row = await this.find(ruleId);
    await this.write(async (trx) => {
      if ((await this.deps.repos.rules.deleteException(trx, row.id, id)) === 0) {
        throw new NotFoundError('RULE_EXCEPTION_NOT_FOUND', `Rule ${row.id} has no exception ${id}`, { rule_id: row.id, id });
      }
      await this.deps.audit.record(
        ctx,
        { action: 'rule.exception.delete', targetType: 'rule', targetId: row.id, details: { exception_id: id } },
        trx,
      );
    });
  }

  /** Moves on with every change to rules and exceptions, from any process. */
  version(): Promise<number> {
    return this.deps.repos.dataVersions.get(this.deps.db, 'rules');
  }

  /** The enabled rules the engine runs and the exceptions that have not expired. */
  async toRun(): Promise<RulesToRun> {
    const { db, repos } = this.deps;
    const version = await this.version();
    const rules = await repos.rules.runnable(db);
    const now = Date.now();
    const exceptions = (await repos.rules.exceptions(db)).filter((e) => !e.expires_at || Date.parse(e.expires_at) > now);
    return {
      version,
      rules: rules.map((r) => ({ id: r.id, yaml: r.yaml })),
      exceptions: exceptions.map((e) => ({ rule_id: e.rule_id, match: e.match, expires_at: e.expires_at })),
    };
  }

  /** Runs rules on events, as `secai detect test` does offline: for rule editors. */
  test(input: RuleTest): RuleTestResult {
    const detector = new Detector(readDocuments(input.rules).map((document, i) => ({ key: i, document })));
    const receivedAt = new Date();
    const events: LogEvent[] = input.events.map((e) => parseLine(typeof e === 'string' ? e : JSON.stringify(e), { receivedAt }).event);
    const order = events.map((e, i) => ({ i, time: Date.parse(e['@timestamp']) || 0 })).sort((a, b) => a.time - b.time);
    const eventIndex = new Map(events.map((e, i) => [e, i]));
    const hits = new Map<number, Set<number>>();
    for (const { i, time } of order) {
      for (const d of detector.detect(events[i] as LogEvent, time)) {
        const set = hits.get(d.key) ?? new Set();
        hits.set(d.key, set);
        for (const e of d.events) set.add(eventIndex.get(e) ?? i);
      }
    }
    return {
      events: events.length,
      hits: [...hits].map(([key, set]) => {
        const rule = detector.rules[key] as LoadedRule<number>;
        const doc = 'compiled' in rule ? rule.compiled.rule : 'correlation' in rule ? rule.correlation : null;
        return { sigma_id: rule.id ?? null, title: rule.title ?? '', level: doc?.level ?? null, events: [...set].sort((a, b) => a - b) };
      }),
      refused: detector.rules.flatMap((r) => ('refused' in r ? [{ title: r.title ?? null, reason: r.refused }] : [])),
    };
  }

  /** A change in one transaction; once committed, the pipeline is told. */
  private async write<T>(change: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    const result = await inTransaction(this.deps.db, change);
    this.changed();
    return result;
  }

  private async find(idOrSigmaId: string): Promise<RuleRow> {
    const { db, repos } = this.deps;
    const row = await repos.rules.findById(db, idOrSigmaId);
    if (row) return row;
    const bySigmaId = await repos.rules.findBySigmaId(db, idOrSigmaId);
    if (bySigmaId.length === 1) return bySigmaId[0] as RuleRow;
    if (bySigmaId.length > 1) {
      throw new ValidationError(
        `Sigma id ${idOrSigmaId} names ${bySigmaId.length} rules; use the rule's own id:\n  ${bySigmaId.map((r) => `${r.id}  ${r.rule_set}  ${r.title}`).join('\n  ')}`,
        [{ code: 'ambiguous', path: ['id'], message: bySigmaId.map((r) => r.id).join(', ') }],
        'ID_AMBIGUOUS',
      );
    }
    throw new NotFoundError('RULE_NOT_FOUND', `No rule with id or Sigma id ${idOrSigmaId}`, { id: idOrSigmaId });
  }
}

/** A stored document as data; one that is not YAML (kept, refused, to be shown) has no fields to read. */
function readYaml(text: string): Record<string, unknown> | null {
  try {
    const doc = parseYaml(text, { prettyErrors: false }) as unknown;
    return typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Every document of the files, with its key in the set and what the engine made of it. */
function readImport(files: RuleImport['files']): ImportedDocument[] {
  const read = files.flatMap((f) => {
    const texts = documentTexts(f.content);
    return readDocuments(f.content).map((document, i) => ({ path: f.path, yaml: texts[i] ?? f.content, document, position: i }));
  });
  // The detector decides what runs (a correlation of correlations is refused there, in context).
  const detector = new Detector(read.map((d, i) => ({ key: i, document: d.document })));
  const keys = new Set<string>();
  return read.map((d, i) => {
    const sigmaId = 'rule' in d.document ? d.document.rule.id : 'correlation' in d.document ? d.document.correlation.id : d.document.id;
    // Two documents with one Sigma id: the later is kept under its path, so neither is lost.
    let key = sigmaId ?? `${d.path}#${d.position}`;
    if (keys.has(key)) key = `${d.path}#${d.position}`;
    // A path given twice takes the next free key.
    for (let n = 2; keys.has(key); n++) key = `${d.path}#${d.position}.${n}`;
    keys.add(key);
    const loaded = detector.rules[i] as LoadedRule<number>;
    return { key, path: d.path, yaml: d.yaml, document: d.document, loaded: { ...loaded, key: d.path } as LoadedRule<string> };
  });
}

/** A document's stored fields (what a re-import replaces). */
function contentOf(d: ImportedDocument, hash: string) {
  const doc = d.document;
  const rule = doc.kind === 'rule' ? doc.rule : null;
  const correlation = doc.kind === 'correlation' ? doc.correlation : null;
  const meta = rule ?? correlation;
  return {
    path: d.path,
    sigma_id: meta?.id ?? (doc.kind === 'refused' ? (doc.id ?? null) : null),
    kind: correlation ? ('correlation' as const) : ('rule' as const),
    title: (meta?.title ?? (doc.kind === 'refused' ? doc.title : undefined) ?? d.path).slice(0, 500),
    status: rule?.status ?? null,
    level: meta?.level ?? null,
    refused: 'refused' in d.loaded ? d.loaded.refused : null,
    author: meta?.author?.slice(0, 1000) ?? null,
    tags: meta?.tags ?? [],
    logsource: rule ? rule.logsource : null,
    yaml: d.yaml,
    content_hash: hash,
  };
}
