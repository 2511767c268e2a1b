export { type CompiledRule, type CompileOptions, compileRule, sourceKeys } from './compile.js';
export { type Condition, parseCondition } from './condition.js';
export { asCorrelation, type CorrelationHit, Correlator, type SigmaCorrelation, timespanMs } from './correlation.js';
export { type Detection, Detector, type DetectorOptions, type LoadedRule, type RuleSource } from './detector.js';
export { RuleRefused } from './errors.js';
export { exceptionMatches, type RuleExceptionMatch } from './exception.js';
export { asRule, documentTexts, readDocuments, readRules, type SigmaDocument, type SigmaLogsource, type SigmaRule } from './rule.js';
export { RuleSet } from './rule-set.js';
