import type { z } from 'zod';

/** zod issues as "message (at path)", the way they are printed everywhere in the tool. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length === 0 ? issue.message : `${issue.message} (at ${issue.path.join('.')})`))
    .join('; ');
}
