export * from './analysis.js';
export * from './base-model.js';
export * from './detection.js';
export * from './identity.js';
export * from './inventory.js';
export * from './job.js';
export * from './schedule.js';
export * from './trend-snapshot.js';
