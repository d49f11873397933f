import { describeError, isTgradeError } from '../errors.js';
import type { GraderInstance } from './grader-instance.js';
import { describeIssues } from '../schema-issues.js';
import { labelNames } from '../rubric/schema.js';
import type { Rubric } from '../rubric/schema.js';
import type { Span, Transcript, TranscriptPart } from '../transcript/schema.js';
import type { GradeContext, GraderLlm, GraderLlmRequest, GraderLlmResponse } from './grader.js';
import { isDeferredRequest } from './deferral.js';
import type { EarlierVerdictLookup } from './earlier-verdicts.js';
import { plainVerdict } from './plain-verdict.js';
import { VerdictSchema, type UsageRecord, type Verdict } from './verdict.js';

export interface GradeOutcome {
  verdict: Verdict;
  usage?: UsageRecord;
  /** True when the grade was cut short by the run's abort signal: nothing is recorded for it. */
  aborted: boolean;
  /** True when an LLM request was postponed (batch mode, dry run): nothing is recorded for it. */
  deferred?: boolean;
}

export interface GradeOneOptions {
  llm?: GraderLlm;
  signal: AbortSignal;
  log: (message: string) => void;
  /** Prices a request's usage in USD, or null when the model has no price. */
  costOf?: (usage: GraderLlmResponse['usage']) => number | null;
}

/**
 * Runs one grader on one transcript and turns whatever happens into a Verdict: plugin output is
 * validated at this edge (a label outside the rubric is an error, not a label), a throw is an
 * error verdict, and an empty input gets the rubric's `emptyLabel` without calling the grader.
 */
/** `earlierVerdict` gives the grader other graders' verdicts on the same transcript (`ctx.earlierVerdict`). */
export async function gradeOne(transcript: Transcript, instance: GraderInstance, options: GradeOneOptions, earlierVerdict?: EarlierVerdictLookup): Promise<GradeOutcome> {
  const { rubric } = instance;
  const reasoningUnread = transcript.unreadReasoning !== undefined && rubric.reads.includes('scratchpad');
  // Reasoning the reader saw but could not read is not "no reasoning": an empty scratchpad then is
  // an unknown, reported as such, never the rubric's empty label.
  if (reasoningUnread && transcript.scratchpad.every((span) => !NON_BLANK.test(span.text))) {
    const what = (transcript.unreadReasoning ?? []).slice(0, 3).join('; ');
    return { verdict: { status: 'error', error: `the transcript's reasoning could not be read (${what}), so it is not graded as having none`, code: 'E_REASONING_UNREAD' }, aborted: false };
  }
  if (rubric.emptyLabel !== undefined && readsNothing(transcript, rubric.reads)) {
    return { verdict: { status: 'ok', label: rubric.emptyLabel, evidence: [], flags: ['emptyInput'] }, aborted: false };
  }
  const meter = options.llm === undefined ? undefined : meteredLlm(options.llm, options.costOf);
  try {
    const context: GradeContext<unknown> = { rubric, options: instance.options, name: instance.name, graderName: instance.name, signal: options.signal, log: options.log };
    if (meter !== undefined) context.llm = meter.llm;
    if (earlierVerdict !== undefined) context.earlierVerdict = earlierVerdict;
    if (instance.configDir !== undefined) context.configDir = instance.configDir;
    const output = await instance.grader.grade(transcript, context);
    // Whatever the grader made of a postponed request (a plugin may catch the error), its
    // verdict waits for the answer.
    if (meter?.deferred()) return DEFERRED;
    const usage = meter?.usage();
    const verdict = checkVerdict(output, labelsOf(rubric));
    if (reasoningUnread && verdict.status !== 'error') verdict.flags = [...(verdict.flags ?? []), 'reasoningPartlyUnread'];
    return outcome(verdict, usage);
  } catch (error) {
    if (meter?.deferred() || isDeferredRequest(error)) return DEFERRED;
    const usage = meter?.usage();
    if (options.signal.aborted) return { verdict: { status: 'error', error: 'aborted', code: 'E_ABORTED' }, aborted: true };
    const verdict: Verdict = { status: 'error', error: describeError(error), ...(isTgradeError(error) ? { code: error.code } : {}) };
    const raw = isTgradeError(error) ? error.details['raw'] : undefined;
    if (typeof raw === 'string' && verdict.status === 'error') verdict.raw = raw;
    return outcome(verdict, usage);
  }
}

// Objects here are built by assignment, not with spreads: on a long heuristic pass V8 kept the spread
// copies past a young-generation collection, and that garbage grew the peak memory with the input.
function outcome(verdict: Verdict, usage: UsageRecord | undefined): GradeOutcome {
  const graded: GradeOutcome = { verdict, aborted: false };
  if (usage !== undefined) graded.usage = usage;
  return graded;
}

/** Same answer as `spansOfParts(…).every(span => span.text.trim() === '')`, without building the list. */
function readsNothing(transcript: Transcript, parts: readonly TranscriptPart[]): boolean {
  const blank = (span: Span) => !NON_BLANK.test(span.text);
  if (parts.includes('prompt') && !transcript.prompt.every(blank)) return false;
  if (parts.includes('scratchpad') && !transcript.scratchpad.every(blank)) return false;
  if (parts.includes('actions') && !transcript.actions.every(blank)) return false;
  if (parts.includes('answer') && transcript.answer !== null && !blank(transcript.answer)) return false;
  return true;
}

// What String#trim removes: ECMAScript WhiteSpace and LineTerminator, i.e. \s with the u flag.
const NON_BLANK = /\S/u;

const rubricLabels = new WeakMap<Rubric, readonly string[]>();

function labelsOf(rubric: Rubric): readonly string[] {
  let labels = rubricLabels.get(rubric);
  if (labels === undefined) {
    labels = labelNames(rubric);
    rubricLabels.set(rubric, labels);
  }
  return labels;
}

function checkVerdict(output: unknown, labels: readonly string[]): Verdict {
  const parsed = plainVerdict(output) ?? VerdictSchema.safeParse(output);
  if (!parsed.success) {
    return { status: 'error', error: `the grader returned an invalid verdict: ${describeIssues(parsed.error)}`, code: 'E_VERDICT_INVALID', raw: safeJson(output) };
  }
  const verdict = parsed.data;
  if (verdict.status === 'ok' && !labels.includes(verdict.label)) {
    return { status: 'error', error: `label "${verdict.label}" is not one of the rubric's labels (${labels.join(', ')})`, code: 'E_VERDICT_INVALID', raw: safeJson(output) };
  }
  return verdict;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const DEFERRED: GradeOutcome = { verdict: { status: 'error', error: 'deferred', code: 'E_BATCH' }, aborted: false, deferred: true };

/** Wraps a grader's LLM so the requests behind one verdict are counted and priced. */
function meteredLlm(llm: GraderLlm, costOf: GradeOneOptions['costOf']) {
  const total: UsageRecord = { requests: 0, cachedResponses: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 };
  let deferred = false;
  const wrapped: GraderLlm = {
    label: llm.label,
    temperature: llm.temperature,
    async complete(request: GraderLlmRequest): Promise<GraderLlmResponse> {
      let response: GraderLlmResponse;
      try {
        response = await llm.complete(request);
      } catch (error) {
        if (isDeferredRequest(error)) deferred = true;
        throw error;
      }
      if (response.cached) {
        total.cachedResponses += 1;
        return response;
      }
      total.requests += 1;
      total.inputTokens += response.usage.inputTokens;
      total.outputTokens += response.usage.outputTokens;
      total.cacheReadTokens += response.usage.cacheReadTokens;
      total.cacheWriteTokens += response.usage.cacheWriteTokens;
      const cost = costOf?.(response.usage) ?? null;
      total.costUsd = cost === null || total.costUsd === null ? null : total.costUsd + cost;
      return response;
    },
  };
  return {
    llm: wrapped,
    usage: (): UsageRecord | undefined => (total.requests + total.cachedResponses === 0 ? undefined : { ...total }),
    deferred: () => deferred,
  };
}
