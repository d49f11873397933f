import { z } from 'zod';
import type { GraderLlmRequest } from '../../src/grading/grader.js';
import type { Rubric } from '../../src/rubric/schema.js';
import { spansOfParts } from '../../src/transcript/parts.js';
import type { Span, Transcript, TranscriptPart } from '../../src/transcript/schema.js';
import { buildVerdictRequest, neutralizeDelimiters, systemPrompt, transcriptMessage } from './prompt.js';

/**
 * What a rubric's `context` parts look like in the prompt: one marked section before the graded
 * transcript block, holding the context parts in the order they happened, with a pointer where each
 * graded item stands ("scratchpad segment 2 — graded below"), so a grader sees which reasoning came
 * before which action. Context is escaped like the graded parts and cut to a budget: a long command
 * output or prompt keeps its start and end around a visible "[… n characters omitted]" marker.
 * Graded parts are never cut: a grader must be able to quote them.
 */
export const ContextBudgetSchema = z.strictObject({
  /** Characters kept of each action's output. */
  outputChars: z.number().int().min(200).default(2000),
  /** Characters kept of the prompt (the task as given), all its turns together. */
  promptChars: z.number().int().min(200).default(8000),
  /** Characters kept of any other context text: a command, the answer, a scratchpad segment. */
  textChars: z.number().int().min(200).default(4000),
});
export type ContextBudget = z.infer<typeof ContextBudgetSchema>;
export const DEFAULT_CONTEXT_BUDGET: ContextBudget = ContextBudgetSchema.parse({});

const CONTEXT_NOTE = 'context — do not grade, do not quote as evidence';

/**
 * Keeps the first two thirds and the last third of the budget (an output's end often holds the
 * error), with the number of characters left out between them.
 */
export function truncateForContext(text: string, budget: number): string {
  if (text.length <= budget) return text;
  const head = Math.ceil((budget * 2) / 3);
  const tail = budget - head;
  const omitted = text.length - head - tail;
  return `${text.slice(0, head)}\n[… ${omitted} characters omitted]\n${tail > 0 ? text.slice(text.length - tail) : ''}`;
}

interface TimelineItem {
  start: number;
  render: string;
}

function attribute(value: string): string {
  return value.replace(/[^\w.-]/g, '_');
}

/** The context section for this rubric and transcript, or '' when the rubric shows no context. */
export function contextSection(rubric: Pick<Rubric, 'reads' | 'context'>, transcript: Transcript, budget: ContextBudget = DEFAULT_CONTEXT_BUDGET): string {
  if (rubric.context.length === 0) return '';
  const shown = (part: TranscriptPart) => rubric.context.includes(part);
  const graded = (part: TranscriptPart) => rubric.reads.includes(part);
  const cut = (text: string, chars: number) => neutralizeDelimiters(truncateForContext(text, chars));
  const items: TimelineItem[] = [];

  if (shown('prompt') && transcript.prompt.length > 0) {
    const prompt = transcript.prompt.map((span) => span.text).join('\n\n');
    items.push({ start: transcript.prompt[0]?.start ?? 0, render: `<prompt>\n${cut(prompt, budget.promptChars)}\n</prompt>` });
  }
  transcript.scratchpad.forEach((segment, index) => {
    if (shown('scratchpad')) items.push({ start: segment.start, render: `<scratchpad index="${index + 1}">\n${cut(segment.text, budget.textChars)}\n</scratchpad>` });
    else if (graded('scratchpad')) items.push({ start: segment.start, render: `<graded part="scratchpad" index="${index + 1}"/> (scratchpad segment ${index + 1}: graded below)` });
  });
  transcript.actions.forEach((action, index) => {
    const tag = `index="${index + 1}" tool="${attribute(action.tool)}"`;
    if (shown('actions')) {
      const output = action.output === undefined ? '\n<output/> (no output shown)' : `\n<output>\n${cut(action.output, budget.outputChars)}\n</output>`;
      items.push({ start: action.start, render: `<action ${tag}>\n<command>\n${cut(action.command, budget.textChars)}\n</command>${output}\n</action>` });
    } else if (graded('actions')) items.push({ start: action.start, render: `<graded part="action" ${tag}/> (action ${index + 1}: graded below)` });
  });
  if (transcript.answer !== null) {
    if (shown('answer')) items.push({ start: transcript.answer.start, render: `<answer>\n${cut(transcript.answer.text, budget.textChars)}\n</answer>` });
    else if (graded('answer')) items.push({ start: transcript.answer.start, render: '<graded part="answer"/> (the answer: graded below)' });
  }
  if (!items.some((item) => !item.render.startsWith('<graded '))) return `<context note="${CONTEXT_NOTE}">\n(the transcript shows none of the context parts: ${rubric.context.join(', ')})\n</context>`;
  const body = items.sort((a, b) => a.start - b.start).map((item) => item.render);
  return `<context note="${CONTEXT_NOTE}">\n${body.join('\n')}\n</context>`;
}

/** The extra system instructions of a rubric that shows context. */
function contextInstructions(rubric: Pick<Rubric, 'reads' | 'context'>): string {
  if (rubric.context.length === 0) return '';
  return [
    `Before the transcript, between <context> and </context>, you are shown context (${rubric.context.join(', ')}) in the order it happened,`,
    `with markers where each graded item (${rubric.reads.join(', ')}) stands. The context is data written by or for the model under study,`,
    `like the transcript. Use it to understand what the graded part is about; do not grade it and do not quote it as evidence:`,
    `evidence quotes must come from the graded part inside <transcript>, and a quote from the context does not count.`,
    `Long context passages are cut, and say so with "[… n characters omitted]".`,
  ].join(' ');
}

const systemPrompts = new WeakMap<Rubric, string>();

/**
 * The verdict request with the rubric's context: the same as buildVerdictRequest for a rubric
 * without `context`; otherwise the system prompt says how to treat context, and the user message
 * holds the context section before the graded transcript block.
 */
export function buildContextualVerdictRequest(rubric: Rubric, transcript: Transcript, budget: ContextBudget = DEFAULT_CONTEXT_BUDGET): Omit<GraderLlmRequest, 'sampleIndex'> {
  const plain = buildVerdictRequest(rubric, transcript);
  if (rubric.context.length === 0) return plain;
  let system = systemPrompts.get(rubric);
  if (system === undefined) {
    system = `${systemPrompt(rubric)}\n\n${contextInstructions(rubric)}`;
    systemPrompts.set(rubric, system);
  }
  const content = `${contextSection(rubric, transcript, budget)}\n\n${transcriptMessage(rubric, transcript)}`;
  return { ...plain, system, messages: [{ role: 'user', content }] };
}

/** The spans shown as context, for telling a quote from the context apart from an unfound one. */
export function contextSpans(rubric: Pick<Rubric, 'context'>, transcript: Transcript): Span[] {
  return spansOfParts(transcript, rubric.context);
}
