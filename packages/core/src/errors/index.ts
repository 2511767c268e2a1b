export * from './codes.js';
export * from './from-zod.js';
export * from './secai-error.js';
