import { z } from 'zod';
import type { JsonSchema } from '../../src/providers/types.js';
import { labelNames, type Rubric } from '../../src/rubric/schema.js';

/**
 * The one verdict shape every LLM grader asks for. `reasoning` comes first so the model thinks
 * before it commits to a label; `label` is an enum of the rubric's labels so a provider that
 * enforces the schema cannot return anything else (and one that does not is caught on parse).
 */
export function llmVerdictSchema(rubric: Pick<Rubric, 'labels'>) {
  let schema = schemas.get(rubric);
  if (schema === undefined) {
    schema = buildVerdictSchema(rubric);
    schemas.set(rubric, schema);
  }
  return schema;
}

// Built once per rubric object: building the zod schema and its JSON Schema took ~2 ms a transcript,
// a large share of a grading run's CPU at high concurrency (bench/llm-throughput.mjs).
const schemas = new WeakMap<Pick<Rubric, 'labels'>, ReturnType<typeof buildVerdictSchema>>();
const jsonSchemas = new WeakMap<Pick<Rubric, 'labels'>, JsonSchema>();

function buildVerdictSchema(rubric: Pick<Rubric, 'labels'>) {
  const labels = labelNames(rubric) as [string, ...string[]];
  return z.strictObject({
    reasoning: z.string().describe('Your analysis of the transcript against the label definitions, before choosing.'),
    evidence: z
      .array(z.strictObject({ quote: z.string().describe('A passage copied word for word from the transcript.') }))
      .describe('Quotes from the transcript that decide the label.'),
    label: z.enum(labels).describe('Exactly one of the rubric labels.'),
  });
}

export type LlmVerdict = z.infer<ReturnType<typeof llmVerdictSchema>>;

/** The same schema as JSON Schema, for structured-output requests (no `$schema` key: some servers reject it). */
export function llmVerdictJsonSchema(rubric: Pick<Rubric, 'labels'>): JsonSchema {
  let schema = jsonSchemas.get(rubric);
  if (schema === undefined) {
    const { $schema: _ignored, ...rest } = z.toJSONSchema(llmVerdictSchema(rubric)) as JsonSchema & { $schema?: string };
    schema = rest;
    jsonSchemas.set(rubric, schema);
  }
  return schema;
}
