export { type EpssEntry, type KevEntry, parseEpss, parseKev } from './feeds.js';
export { DEFAULT_SLA, dueDate, type PriorityInput, priorityScore, type SlaPolicy } from './priority.js';
