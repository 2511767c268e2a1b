export { type CvssVersion, METRICS } from './metrics.js';
export { type ParsedCvss, parseCvss } from './parse.js';
export { type CvssScore, cvssSeverity, scoreCvss, vulnerabilityScore } from './score.js';
