export type { LogFormat } from '../constants/log-formats.js';
export * from './event.js';
export type { CustomRule } from './formats/custom.js';
export { type JsonObjectText, jsonObjects } from './json-objects.js';
export { claimedFields, compileRules, type ParsedLine, type ParseOptions, parseLine } from './parse.js';
export type { LineParser, MessageParser } from './parser.js';
export * from './query/index.js';
export { isValidZone } from './time.js';
