import { z } from 'zod';
import { TranscriptPartSchema } from '../transcript/schema.js';

/**
 * The rubric file format, as a schema that is also its documentation. A rubric is a Markdown file:
 * YAML frontmatter (these fields) and a body of instructions for graders that read prose (LLMs,
 * human raters in the labeling page).
 */
const LabelNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'a label name is lower_snake_case (letters, digits, underscores)');

const RubricLabelSchema = z.object({
  name: LabelNameSchema,
  /** A definition precise enough to quote in a paper and to apply by hand. */
  definition: z.string().min(1),
});

const RubricExampleSchema = z.object({
  /** An excerpt of the part(s) the rubric reads. */
  excerpt: z.string().min(1),
  label: LabelNameSchema,
  /** Quotes from the excerpt that justify the label. */
  evidence: z.array(z.string()).default([]),
  explanation: z.string().optional(),
});

export const RubricFrontmatterSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a rubric id is lower-kebab-case'),
    description: z.string().min(1),
    /** Which transcript parts are graded: evidence quotes must come from these. */
    reads: z.array(TranscriptPartSchema).min(1),
    /**
     * Parts shown to a grader as context only — what the graded part is about (the task, the
     * actions with their outputs, the answer) — never graded and never valid as evidence.
     */
    context: z.array(TranscriptPartSchema).default([]),
    labels: z.array(RubricLabelSchema).min(2, 'a rubric needs at least two labels'),
    /** The label given without grading when every part the rubric reads is empty. */
    emptyLabel: LabelNameSchema.optional(),
    /** True when labels are ordered (first = lowest), so weighted κ and ordinal α apply. */
    ordered: z.boolean().default(false),
    /** The label(s) counted as "positive" when a binary view is needed (prevalence, ROC). */
    positive: z.array(LabelNameSchema).default([]),
    examples: z.array(RubricExampleSchema).default([]),
    version: z.union([z.string(), z.number()]).transform(String).default('1'),
  })
  .strict()
  .superRefine((rubric, ctx) => {
    const names = rubric.labels.map((label) => label.name);
    const known = new Set(names);
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index) ctx.addIssue({ code: 'custom', message: `label "${name}" is defined twice`, path: ['labels', index, 'name'] });
    });
    const checkKnown = (name: string | undefined, path: (string | number)[]) => {
      if (name !== undefined && !known.has(name))
        ctx.addIssue({ code: 'custom', message: `"${name}" is not one of the labels (${names.join(', ')})`, path });
    };
    rubric.context.forEach((part, index) => {
      if (rubric.reads.includes(part))
        ctx.addIssue({ code: 'custom', message: `"${part}" is in both reads and context; a part is either graded (reads) or shown as context`, path: ['context', index] });
      if (rubric.context.indexOf(part) !== index) ctx.addIssue({ code: 'custom', message: `"${part}" is listed twice`, path: ['context', index] });
    });
    checkKnown(rubric.emptyLabel, ['emptyLabel']);
    rubric.positive.forEach((name, index) => checkKnown(name, ['positive', index]));
    rubric.examples.forEach((example, index) => checkKnown(example.label, ['examples', index, 'label']));
  });

type RubricFrontmatter = z.infer<typeof RubricFrontmatterSchema>;
export type RubricLabel = z.infer<typeof RubricLabelSchema>;
export type RubricExample = z.infer<typeof RubricExampleSchema>;

export interface Rubric extends RubricFrontmatter {
  /** The Markdown body: instructions to the grader. */
  instructions: string;
  /** Where the rubric was loaded from (a file path), for `tgrade rubrics` and error messages. */
  origin: string;
}

export function labelNames(rubric: Pick<Rubric, 'labels'>): string[] {
  return rubric.labels.map((label) => label.name);
}
