export { type CompiledRule, type CompileOptions, compileRule, sourceKeys } from './compile.js';
export { type Condition, parseCondition } from './condition.js';
export { asCorrelation, type CorrelationHit, Correlator, type SigmaCorrelation, timespanMs } from './correlation.js';
export { RuleRefused } from './errors.js';
export { asRule, readDocuments, readRules, type SigmaDocument, type SigmaLogsource, type SigmaRule } from './rule.js';
export { RuleSet } from './rule-set.js';
