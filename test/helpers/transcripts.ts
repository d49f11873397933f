import { expect } from 'vitest';
import type { ChatMessage } from '../../src/transcript/messages.js';
import { normalizeRecord } from '../../src/transcript/normalize.js';
import { readTranscripts } from '../../src/transcript/read-transcripts.js';
import type { Span, Transcript } from '../../src/transcript/schema.js';

const TEST_SOURCE = { file: 'test.jsonl', line: 1 };

/** A transcript from one input record, as the reader would build it; throws on a record it rejects. */
export function transcriptOf(record: unknown, source = TEST_SOURCE): Transcript {
  const result = normalizeRecord(record, source);
  if (!result.ok) throw new Error(`test record rejected: ${result.error}`);
  return result.transcript;
}

/** `{text}` or `{messages}` input, whichever the test has. */
export function transcriptFrom(input: string | readonly ChatMessage[], id = 't1'): Transcript {
  return transcriptOf(typeof input === 'string' ? { id, text: input } : { id, messages: input });
}

/** Every span the transcript exposes, named for assertion messages. */
function namedSpans(transcript: Transcript): { name: string; span: Span }[] {
  return [
    ...transcript.prompt.map((span, index) => ({ name: `prompt[${index}]`, span })),
    ...transcript.actions.flatMap((action, index) => (action.outputSpans ?? []).map((span, at) => ({ name: `actions[${index}].outputSpans[${at}]`, span }))),
    ...transcript.scratchpad.map((span, index) => ({ name: `scratchpad[${index}]`, span })),
    ...transcript.actions.map((span, index) => ({ name: `actions[${index}]`, span })),
    ...(transcript.answer === null ? [] : [{ name: 'answer', span: transcript.answer }]),
  ];
}

/** The invariant every reader keeps: `text.slice(start, end) === span.text` for every span. */
export function expectSpansInText(transcript: Transcript): void {
  for (const { name, span } of namedSpans(transcript)) {
    expect(span.start, `${transcript.id} ${name} start`).toBeLessThanOrEqual(span.end);
    expect(transcript.text.slice(span.start, span.end), `${transcript.id} ${name}`).toBe(span.text);
  }
}

/** All transcripts of a JSONL file; fails the test on any line the reader rejects. */
export async function readAllTranscripts(file: string): Promise<Transcript[]> {
  const transcripts: Transcript[] = [];
  for await (const item of readTranscripts(file)) {
    if (!item.ok) throw new Error(`${item.problem.file}:${item.problem.line}: ${item.problem.message}`);
    transcripts.push(item.transcript);
  }
  return transcripts;
}
