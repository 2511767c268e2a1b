/** A rule the engine will not run, with why: never half-run. */
export class RuleRefused extends Error {
  override readonly name = 'RuleRefused';
}
