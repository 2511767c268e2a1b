/**
 * A parsed log query: what `parseQuery` makes of `user.name:root AND NOT source.ip:10.0.0.*`, and
 * what every log store translates (SQL on SQLite and PostgreSQL, the Elasticsearch query DSL).
 * `matchesQuery` in core evaluates it on one event and is the reference the stores' contract
 * tests hold them to: the same query returns the same events everywhere.
 *
 * Semantics, one place:
 * - Field values compare case-insensitively (a keyword field's normalizer in Elasticsearch,
 *   lowercased values in SQL); a field holding an array matches when any element does; numbers
 *   compare by value (`http.response.status_code:404` matches the number 404).
 * - `text` is free text, searched in `log.original` (the line as received, which holds the
 *   message): words match whole tokens, case-insensitively; every word must appear; a phrase
 *   must appear as consecutive tokens. Tokens are runs of letters and digits (so `10.0.0.9` is
 *   the phrase `10 0 0 9`).
 */
export type QueryNode =
  /** The empty query: every event. */
  | { kind: 'all' }
  | { kind: 'and'; nodes: QueryNode[] }
  | { kind: 'or'; nodes: QueryNode[] }
  | { kind: 'not'; node: QueryNode }
  /**
   * `field:value` or `field:"a value"`: the field's value equals `value` (case-insensitively).
   * With `wildcard`, `*` (any run) and `?` (one character) in `value` match as in a glob; a
   * quoted value is never a wildcard, and `\*` is a literal star.
   *
   * How `parseQuery` fills it: without `wildcard`, `value` is the plain text (`file.name:\*` →
   * value `*`). With `wildcard`, `value` is a glob in which a backslash escapes the next character,
   * and only `\*`, `\?` and `\\` occur (`file.name:a\*b*` → value `a\*b*`: a, a literal star, b,
   * anything), the escaping Elasticsearch's `wildcard` query uses too.
   */
  | { kind: 'match'; field: string; value: string; wildcard: boolean }
  /** `field:*`: the field is present and not null (an empty array, or one of nulls, is not, as in Elasticsearch). */
  | { kind: 'exists'; field: string }
  /**
   * `field>=value`: numbers, or times for date fields (`@timestamp>now-1h`, `@timestamp<2026-12-01`),
   * resolved by `parseQuery` to milliseconds since the epoch. Without `time` only numbers compare
   * (a field holding the string `"4625"` is not in `winlog.event_id>4000`); with `time` a string
   * compares as the instant it names. `DATE_FIELDS` lists the fields that take a time.
   */
  | { kind: 'range'; field: string; op: RangeOp; value: number; time: boolean }
  /** Free text: `words` (all of them) or, with `phrase`, the words in this order and adjacent. */
  | { kind: 'text'; words: string[]; phrase: boolean };

export type RangeOp = '>' | '>=' | '<' | '<=';
