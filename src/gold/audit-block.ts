import { z } from 'zod';

/**
 * The `audit:` block of a gold set's gold.yaml, written by `tgrade audit plan`: how the items to
 * label were drawn, so `tgrade audit estimate` can weight them and check it reads the same
 * population. Each sampled item's inclusion probability is in the folder's sample.jsonl.
 */
export const AuditDesignSchema = z.enum(['stratified', 'random', 'active']);
export type AuditDesign = z.infer<typeof AuditDesignSchema>;

const FileRefSchema = z.object({ file: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict();

export const AuditBlockSchema = z
  .object({
    design: AuditDesignSchema,
    seed: z.number().int(),
    budget: z.number().int().positive(),
    /** Items in the population the estimate is about. */
    population: z.number().int().positive(),
    /** The results file holding the grader's verdicts on the population (path relative to the gold set folder when it can be). */
    results: FileRefSchema,
    /** The transcripts file that defined the population, when one was given. */
    transcripts: FileRefSchema.optional(),
    grader: z.string().min(1),
    /** The labels counted as positive when the strata and allocation were made. */
    positive: z.array(z.string()).min(1),
    strata: z.array(
      z
        .object({
          name: z.string().min(1),
          size: z.number().int().nonnegative(),
          sample: z.number().int().nonnegative(),
          flagged: z.boolean(),
          expectedRate: z.number().min(0).max(1).optional(),
        })
        .strict(),
    ),
  })
  .strict();
export type AuditBlock = z.infer<typeof AuditBlockSchema>;

export const SampleLineSchema = z
  .object({ item: z.string().min(1), stratum: z.string().min(1), inclusionProbability: z.number().gt(0).max(1) })
  .strict();
export type SampleLine = z.infer<typeof SampleLineSchema>;
