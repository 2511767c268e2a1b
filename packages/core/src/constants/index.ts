// Domain constants without zod or parsers, so a CLI command that only needs a flag's choices
// loads a few hundred bytes instead of every schema (zod alone takes ~250 ms to import).
export * from './alert.js';
export * from './asset.js';
export * from './audit.js';
export * from './detection.js';
export * from './job.js';
export * from './log-formats.js';
export * from './page.js';
export * from './scan-formats.js';
export * from './severity.js';
export * from './stream.js';
export * from './vulnerability.js';
