import { z } from 'zod';
import { TgradeError } from '../../src/errors.js';
import type { GradeContext, Grader, GraderLlm } from '../../src/grading/grader.js';
import type { Evidence, VerdictInput } from '../../src/grading/verdict.js';
import type { LlmResponse } from '../../src/providers/types.js';
import type { Rubric } from '../../src/rubric/schema.js';
import { describeIssues } from '../../src/schema-issues.js';
import { spansOfParts } from '../../src/transcript/parts.js';
import type { Span, Transcript } from '../../src/transcript/schema.js';
import { buildContextualVerdictRequest, ContextBudgetSchema, contextSpans } from './context-section.js';
import { checkEvidence, separateContextQuotes } from './evidence-check.js';
import { findInjectionAttempts } from './injection.js';
import { labelProbability } from './logprob-confidence.js';
import { reduceVotes, ReducerSchema } from './reducers.js';
import { llmVerdictSchema, type LlmVerdict } from './verdict-schema.js';

export const LlmRubricOptionsSchema = z.strictObject({
  /** Samples per transcript (use temperature > 0 for k > 1). */
  samples: z.number().int().min(1).max(25).default(1),
  reducer: ReducerSchema.default('majority'),
  /** What to do when a quote is not found in the transcript: keep the verdict flagged, or ask again once. */
  onUnverifiedEvidence: z.enum(['keep', 'reask']).default('keep'),
  /** Ask for token log-probabilities (OpenAI) and use the label's probability as confidence when k = 1. */
  logprobs: z.boolean().default(false),
  /** How much of each context part (the rubric's `context`) the prompt keeps; longer text is cut with a marker. */
  contextBudget: ContextBudgetSchema.default(ContextBudgetSchema.parse({})),
});
export type LlmRubricOptions = z.infer<typeof LlmRubricOptionsSchema>;

interface Sample {
  label: string;
  reasoning: string;
  evidence: Evidence[];
  unverified: string[];
  /** Quotes found only in the context: they do not count. */
  fromContext: string[];
  probability: number | null;
}

type SampleResult = { ok: true; sample: Sample } | { ok: false; error: string; raw: string };

/**
 * An LLM grader built from nothing but a rubric (the autoevals idea: spec → grader). The built-in
 * `llm-rubric` is this with `rubrics: '*'`; a user can make a rubric-specific one in one line.
 */
export function createLlmRubricGrader(definition: { id: string; rubrics?: readonly string[] | '*'; description?: string }): Grader<LlmRubricOptions> {
  return {
    id: definition.id,
    rubrics: definition.rubrics ?? '*',
    description: definition.description ?? 'Applies the rubric with an LLM (structured output), with votes and verified evidence quotes.',
    options: LlmRubricOptionsSchema,
    requires: ['llm'],
    async grade(transcript, ctx) {
      const llm = ctx.llm;
      if (llm === undefined) throw new TgradeError('E_PROVIDER_UNAVAILABLE', `${ctx.name} needs an LLM, and none is configured`);
      const spans: GradedSpans = { graded: spansOfParts(transcript, ctx.rubric.reads), context: contextSpans(ctx.rubric, transcript) };
      const samples = await Promise.all(Array.from({ length: ctx.options.samples }, (_, index) => sampleVerdict(llm, transcript, spans, ctx, index)));
      return combineSamples(samples, spans, ctx);
    },
  };
}

/** The spans quotes must come from, and those shown only as context. */
interface GradedSpans {
  graded: Span[];
  context: Span[];
}

async function sampleVerdict(llm: GraderLlm, transcript: Transcript, spans: GradedSpans, ctx: GradeContext<LlmRubricOptions>, sampleIndex: number): Promise<SampleResult> {
  // Only an answer that becomes a verdict is cached: a failed one must be asked for again on a rerun.
  const isUsable = (response: LlmResponse) => readVerdict(response, ctx.rubric).ok;
  const request = { ...buildContextualVerdictRequest(ctx.rubric, transcript, ctx.options.contextBudget), sampleIndex, isUsable, ...(ctx.options.logprobs ? { logprobs: true } : {}) };
  const first = await llm.complete(request);
  const parsed = parseSample(first, ctx.rubric, spans);
  if (!parsed.ok || parsed.sample.unverified.length + parsed.sample.fromContext.length === 0 || ctx.options.onUnverifiedEvidence === 'keep') return parsed;
  // One more chance to quote exactly; the follow-up is a different prompt, so it is cached apart.
  const retry = await llm.complete({
    ...request,
    messages: [
      ...request.messages,
      { role: 'assistant', content: first.raw },
      {
        role: 'user',
        content: reaskMessage(parsed.sample),
      },
    ],
  });
  const second = parseSample(retry, ctx.rubric, spans);
  return second.ok ? second : parsed;
}

function reaskMessage(sample: Sample): string {
  const list = (quotes: readonly string[]) => quotes.map((quote) => JSON.stringify(quote)).join('; ');
  const parts: string[] = [];
  if (sample.unverified.length > 0) parts.push(`These quotes do not appear word for word in the transcript: ${list(sample.unverified)}.`);
  // A rubric's context is shown, never graded: a quote from it cannot support the label.
  if (sample.fromContext.length > 0) parts.push(`These quotes come from the context, not from the graded part inside <transcript>: ${list(sample.fromContext)}.`);
  return `${parts.join(' ')} Answer again, quoting only text copied exactly from the transcript.`;
}

type AnswerReading = { ok: true; verdict: LlmVerdict } | { ok: false; error: string };

/** The verdict in an answer, or why there is none. */
function readVerdict(response: Pick<LlmResponse, 'json' | 'refusal' | 'truncated' | 'stopReason'>, rubric: Rubric): AnswerReading {
  if (response.refusal !== undefined) return { ok: false, error: `the model refused: ${response.refusal}` };
  const parsed = response.json === undefined ? undefined : llmVerdictSchema(rubric).safeParse(response.json);
  // A cut-off answer that still holds a whole verdict is a verdict; otherwise the limit is the reason.
  if (parsed?.success) return { ok: true, verdict: parsed.data };
  if (response.truncated === true) {
    return {
      ok: false,
      error: `the answer was cut off at the token limit (${stopField(response)} "${response.stopReason ?? 'max_tokens'}") before the verdict was complete: raise maxTokens in the llm settings of this grader`,
    };
  }
  if (parsed === undefined) return { ok: false, error: 'the model did not answer with JSON' };
  return { ok: false, error: `the answer does not fit the verdict schema: ${describeIssues(parsed.error)}` };
}

/** Anthropic names it `stop_reason`, OpenAI `finish_reason`. */
function stopField(response: Pick<LlmResponse, 'stopReason'>): string {
  return response.stopReason === 'length' ? 'finish_reason' : 'stop_reason';
}

function parseSample(response: Pick<LlmResponse, 'raw' | 'json' | 'refusal' | 'truncated' | 'stopReason' | 'logprobs'>, rubric: Rubric, spans: GradedSpans): SampleResult {
  const reading = readVerdict(response, rubric);
  if (!reading.ok) return { ok: false, error: reading.error, raw: response.raw };
  const { evidence, unverified, fromContext } = separateContextQuotes(checkEvidence(reading.verdict.evidence, spans.graded), spans.context);
  const probability = response.logprobs === undefined ? null : labelProbability(response.logprobs, reading.verdict.label);
  return { ok: true, sample: { label: reading.verdict.label, reasoning: reading.verdict.reasoning, evidence, unverified, fromContext, probability } };
}

function combineSamples(results: SampleResult[], spans: GradedSpans, ctx: GradeContext<LlmRubricOptions>): VerdictInput {
  const samples = results.flatMap((result) => (result.ok ? [result.sample] : []));
  const failures = results.flatMap((result) => (result.ok ? [] : [result]));
  if (samples.length === 0) {
    const [failure] = failures;
    throw new TgradeError('E_PROVIDER_RESPONSE', failure?.error ?? 'no answer', { details: { raw: failure?.raw ?? '' } });
  }
  const flags: string[] = [];
  if (failures.length > 0) flags.push('partialVotes');
  if (findInjectionAttempts([...spans.graded, ...spans.context]).length > 0) flags.push('promptInjection');
  const votes = samples.map((sample) => sample.label);
  const reduction = reduceVotes(votes, ctx.options.reducer);
  if (reduction.label === null) {
    return { status: 'abstain', reason: reduction.reason, evidence: samples.flatMap((sample) => sample.evidence.filter((item) => item.start !== null)), ...(flags.length > 0 ? { flags } : {}) };
  }
  const chosen = samples.find((sample) => sample.label === reduction.label) as Sample;
  if (chosen.unverified.length > 0) flags.push('unverifiedEvidence');
  if (chosen.fromContext.length > 0) flags.push('evidenceFromContext');
  const confidence = samples.length === 1 && chosen.probability !== null ? chosen.probability : reduction.share;
  return {
    status: 'ok',
    label: reduction.label,
    evidence: chosen.evidence,
    reasoning: chosen.reasoning,
    confidence: Math.min(1, Math.max(0, confidence)),
    votes,
    scores: reduction.shares,
    ...(flags.length > 0 ? { flags } : {}),
  };
}
