export * from './base-model.js';
export * from './identity.js';
export * from './inventory.js';
export * from './detection.js';
export * from './analysis.js';
