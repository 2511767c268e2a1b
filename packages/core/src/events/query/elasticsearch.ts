import type { QueryNode } from './ast.js';

/** The field free text is searched in. */
const TEXT_FIELD = 'log.original';

/**
 * Translates a query into the Elasticsearch query DSL (the `query` of a search body). It relies
 * on the secai index template: keyword fields carry a lowercase normalizer, so `term` values are
 * lower-cased here; `log.original` is a text field whose analyzer splits on every character that
 * is not a letter or digit and lower-cases (as `textTokens` does), so `match` and `match_phrase`
 * agree with `matchesQuery`.
 */
export function toElasticsearchQuery(node: QueryNode): Record<string, unknown> {
  switch (node.kind) {
    case 'all':
      return { match_all: {} };
    case 'and': {
      const must: Record<string, unknown>[] = [];
      const mustNot: Record<string, unknown>[] = [];
      for (const n of node.nodes) {
        if (n.kind === 'not') mustNot.push(toElasticsearchQuery(n.node));
        else must.push(toElasticsearchQuery(n));
      }
      return { bool: { ...(must.length > 0 && { must }), ...(mustNot.length > 0 && { must_not: mustNot }) } };
    }
    case 'or':
      return { bool: { should: node.nodes.map(toElasticsearchQuery), minimum_should_match: 1 } };
    case 'not':
      return { bool: { must_not: [toElasticsearchQuery(node.node)] } };
    case 'exists':
      return { exists: { field: node.field } };
    case 'match':
      return node.wildcard
        ? { wildcard: { [node.field]: { value: node.value.toLowerCase(), case_insensitive: true } } }
        : { term: { [node.field]: node.value.toLowerCase() } };
    case 'range': {
      const op = { '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' }[node.op];
      return { range: { [node.field]: { [op]: node.value, ...(node.time && { format: 'epoch_millis' }) } } };
    }
    case 'text':
      return node.phrase
        ? { match_phrase: { [TEXT_FIELD]: node.words.join(' ') } }
        : { match: { [TEXT_FIELD]: { query: node.words.join(' '), operator: 'and' } } };
  }
}
