import { z } from 'zod';

/**
 * `{use: learned, rubric: …, options: {model: ./model.json, threshold?}}`. `model` is relative to the
 * config file. `threshold`: for a two-label model, the positive label's probability at or above
 * which it is chosen; for more labels, `{label, minProbability}` chooses that label when its
 * probability reaches minProbability (the most probable other label otherwise). Left out: the most
 * probable label.
 */
export const LearnedOptionsSchema = z
  .object({
    model: z.string().min(1),
    threshold: z
      .union([z.number().min(0).max(1), z.object({ label: z.string().min(1), minProbability: z.number().min(0).max(1) }).strict()])
      .optional(),
    /** How many passages to cite as evidence. */
    evidence: z.number().int().nonnegative().default(3),
  })
  .strict();
export type LearnedOptions = z.infer<typeof LearnedOptionsSchema>;
