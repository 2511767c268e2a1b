export * from './alert-status/index.js';
export * from './cvss/index.js';
export * from './enrichment/index.js';
export * from './errors/index.js';
export * from './importers/index.js';
export * from './permissions/index.js';
export * from './schemas/index.js';
export * from './vulnerability-status/index.js';
