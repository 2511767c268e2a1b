import { Job } from '@secai/core';
import { BaseModel, rowMapper } from './base-model.js';

/** A background job's record (migration 0007-jobs); the same row whichever transport runs it. */
export class JobModel extends BaseModel {
  static override tableName = 'jobs';
  static override jsonAttributes = ['progress', 'error', 'result'];
}

/** A `jobs` row as the drivers return it: JSON columns as text, timestamps as ISO strings. */
export interface JobRow {
  id: string;
  name: string;
  queue: string;
  state: Job['state'];
  payload: string;
  progress: string | null;
  attempts: number;
  max_attempts: number;
  error: string | null;
  result: string | null;
  created_by: string | null;
  dedupe_key: string | null;
  run_at: string;
  lease_until: string | null;
  worker: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

/** The API object of a row. */
export const toJob = rowMapper<Job>(Job, JobModel);
