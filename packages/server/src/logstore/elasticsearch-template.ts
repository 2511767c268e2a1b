// The index template behind the Elasticsearch log store. The query translation in core
// (`toElasticsearchQuery`) relies on it: keyword fields compare lower-cased, and `log.original`
// splits into the same tokens as core's `textTokens`, so a query finds here what it finds in the
// SQL stores.

import type { estypes } from '@elastic/elasticsearch';

/** Past this length a string is kept in `_source` but not indexed (Lucene caps a term at 32 kB). */
const IGNORE_ABOVE = 1024;
/** The longest token kept, as in the PostgreSQL store (a longer run of letters would fail the document). */
const MAX_TOKEN = 500;

/** Where events of one UTC day go: `<prefix>-YYYY.MM.DD`, one data stream per day. */
export const dayStream = (prefix: string, day: string): string => `${prefix}-${day.replaceAll('-', '.')}`;

/**
 * The day a backing index holds, from its name (`.ds-<prefix>-2026.12.03-2026.12.03-000001`),
 * or undefined when the index is not one of ours.
 */
export function backingIndexDay(prefix: string, index: string): string | undefined {
  const head = `.ds-${prefix}-`;
  if (!index.startsWith(head)) return undefined;
  const m = /^(\d{4})\.(\d{2})\.(\d{2})-/.exec(index.slice(head.length));
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

const keyword = { type: 'keyword', normalizer: 'keyword_lowercase', ignore_above: IGNORE_ABOVE } as const;

/**
 * The composable template for `<prefix>-*`. `data_stream: {}` makes the first `create` into a
 * day's name create that day's data stream, so `write` never creates anything itself.
 */
export function logTemplate(prefix: string): estypes.IndicesPutIndexTemplateRequest {
  return {
    name: prefix,
    index_patterns: [`${prefix}-*`],
    data_stream: {},
    // Above the built-in templates (100), so ours wins should a user pattern overlap.
    priority: 200,
    _meta: { managed_by: 'secai', description: 'secai log events, one data stream per UTC day' },
    template: {
      settings: {
        analysis: {
          // Keyword values compare case-insensitively; core lower-cases `term` values to match.
          normalizer: { keyword_lowercase: { type: 'custom', filter: ['lowercase'] } },
          // Runs of letters and digits, lower-cased: core's `textTokens` (`10.0.0.9` → 10 0 0 9).
          tokenizer: { log_tokens: { type: 'pattern', pattern: '[^\\p{L}\\p{N}]+' } },
          filter: { log_token_length: { type: 'truncate', length: MAX_TOKEN } },
          analyzer: { log_text: { type: 'custom', tokenizer: 'log_tokens', filter: ['lowercase', 'log_token_length'] } },
        },
        // Events are schemaless beyond ECS: a value of the wrong type, or one field too many,
        // is skipped for indexing (still in `_source`) rather than failing the document and with
        // it the whole batch, which the pipeline would retry forever.
        'index.mapping.ignore_malformed': true,
        'index.mapping.total_fields.limit': 5000,
        'index.mapping.total_fields.ignore_dynamic_beyond_limit': true,
      },
      mappings: {
        // ISO strings in vendor fields stay strings: a date-detected field would no longer
        // compare as text. The ECS date fields core's parser knows (DATE_FIELDS) are mapped below.
        date_detection: false,
        dynamic_templates: [
          { strings_as_keywords: { match_mapping_type: 'string', mapping: keyword } },
          // The default for JSON fractions is `float`, which would round 0.1 to 0.10000000149.
          { fractions_as_doubles: { match_mapping_type: 'double', mapping: { type: 'double' } } },
        ],
        properties: {
          '@timestamp': { type: 'date' },
          message: keyword,
          log: { properties: { original: { type: 'text', analyzer: 'log_text' } } },
          event: {
            properties: {
              // `event.id` compares case-insensitively like any keyword, but pages tie-break on the
              // id as stored (byte order, as the SQL stores' `COLLATE "C"`): the sort subfield
              // keeps it unnormalized, doc values only.
              id: { ...keyword, fields: { sort: { type: 'keyword', index: false } } },
              created: { type: 'date' },
              ingested: { type: 'date' },
              start: { type: 'date' },
              end: { type: 'date' },
            },
          },
        },
      },
    },
  };
}
