export * from './secai-error.js';
export * from './from-zod.js';
export * from './codes.js';
