import { ValidationError } from '@secai/core/errors';
import { isFullId } from './resolve.js';

/**
 * The `<id>` of the jobs commands. Jobs take their whole id: unlike alerts or vulnerabilities,
 * the jobs list has no id-prefix filter, so a short id could only be found by walking every job.
 */
export const jobIdArg = {
  description: 'the job id, whole (as `jobs list` shows it and `vulns import --wait` reports it); short ids are not accepted',
  required: true,
} as const;

/** The id as given when it is a whole id; otherwise an error saying job ids are taken whole (exit 2). */
export function requireJobId(value: string): string {
  if (isFullId(value)) return value;
  throw new ValidationError(
    `"${value}" is not a whole job id: job ids are taken in full (36 characters, as \`secai jobs list\` shows them)`,
    [{ code: 'invalid_format', path: ['<id>'], message: 'not a whole job id' }],
    'VALIDATION_FAILED',
  );
}
