import type { z } from 'zod';
import { escapeControls } from './quote-input.js';

/**
 * zod issues as "message (at path)", the way they are printed everywhere in the tool. Paths and
 * some messages (an unrecognized key) come from the input: control characters are escaped.
 */
export function describeIssues(error: z.ZodError): string {
  return escapeControls(
    error.issues.map((issue) => (issue.path.length === 0 ? issue.message : `${issue.message} (at ${issue.path.join('.')})`)).join('; '),
  );
}
