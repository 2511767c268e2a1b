export type { QueryNode, RangeOp } from './ast.js';
export { toElasticsearchQuery } from './elasticsearch.js';
export { matchesQuery, textTokens } from './match.js';
export {
  DATE_FIELDS,
  formatQuery,
  type ParseQueryOptions,
  parseQuery,
  QUERY_MAX_DEPTH,
  QUERY_MAX_LENGTH,
  QUERY_MAX_TERMS,
  upperCaseOperatorWords,
} from './parse.js';
