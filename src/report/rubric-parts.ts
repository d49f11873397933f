import type { ResultRecord } from '../grading/verdict.js';
import type { Rubric } from '../rubric/schema.js';
import type { TranscriptPart } from '../transcript/schema.js';

/**
 * Which transcript parts a rubric grades (`reads`: where evidence must come from) and which it only
 * shows as context, so a report reader can tell a quote's part from the parts a grader merely saw.
 */
export interface RubricParts {
  rubric: string;
  reads: readonly TranscriptPart[];
  context: readonly TranscriptPart[];
}

/** The parts of each rubric the records were graded under, in order of first appearance. */
export function rubricPartsOf(records: readonly ResultRecord[], rubrics: ReadonlyMap<string, Pick<Rubric, 'reads' | 'context'>>): RubricParts[] {
  const parts: RubricParts[] = [];
  for (const id of new Set(records.map((record) => record.rubric))) {
    const rubric = rubrics.get(id);
    if (rubric !== undefined) parts.push({ rubric: id, reads: rubric.reads, context: rubric.context });
  }
  return parts;
}

/** "reward-tampering-reasoning grades the scratchpad; shows the prompt, actions, answer as context". */
export function describeRubricParts(parts: RubricParts): string {
  const context = parts.context.length === 0 ? 'no context' : `shows ${parts.context.join(', ')} as context`;
  return `${parts.rubric} grades ${parts.reads.join(', ')}; ${context}`;
}

/** How one transcript part stands for each rubric: "graded by a; context for b", or '' when for none. */
export function partRole(part: TranscriptPart, rubrics: readonly RubricParts[]): string {
  const gradedBy = rubrics.filter((parts) => parts.reads.includes(part)).map((parts) => parts.rubric);
  const contextFor = rubrics.filter((parts) => parts.context.includes(part)).map((parts) => parts.rubric);
  return [gradedBy.length > 0 ? `graded by ${gradedBy.join(', ')}` : '', contextFor.length > 0 ? `context for ${contextFor.join(', ')}` : ''].filter((text) => text !== '').join('; ');
}
