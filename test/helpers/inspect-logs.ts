import { readTranscripts, type TranscriptOrProblem } from '../../src/transcript/read-transcripts.js';
import type { Transcript } from '../../src/transcript/schema.js';
import { fromRoot } from './paths.js';

/** A log under test/fixtures/inspect-logs (`real/…` written by Inspect, `built/…` synthetic). */
export const inspectLog = (path: string): string => fromRoot(`test/fixtures/inspect-logs/${path}`);

export async function readAll(input: string): Promise<TranscriptOrProblem[]> {
  const items: TranscriptOrProblem[] = [];
  for await (const item of readTranscripts(input)) items.push(item);
  return items;
}

export async function transcriptsOf(input: string): Promise<Transcript[]> {
  return (await readAll(input)).flatMap((item) => (item.ok ? [item.transcript] : []));
}

export async function problemsOf(input: string): Promise<string[]> {
  return (await readAll(input)).flatMap((item) => (item.ok ? [] : [`${item.problem.sample ?? '-'}: ${item.problem.message}`]));
}

export async function transcriptById(input: string, id: string): Promise<Transcript> {
  const found = (await transcriptsOf(input)).find((transcript) => transcript.id === id);
  if (found === undefined) throw new Error(`no transcript ${id} in ${input}`);
  return found;
}
