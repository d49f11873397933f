import { appendFileSync, existsSync } from 'node:fs';
import { ResumeIndex } from '../store/resume-index.js';
import { cutTornTail } from '../store/torn-tail.js';
import { readJsonLines, type ParsedLine } from '../transcript/jsonl-lines.js';

/**
 * The requests of a batch job, one JSONL line each, appended the moment their batch is accepted:
 * custom_id (the response-cache key), batch id, grader, sample and a hash of the prompt's transcript
 * part — never the transcript text. They live apart from the state file, which is rewritten whole
 * on every change: with them inside, a job of a million requests rewrote ~170 MB each time and
 * held ~270 MB of heap. In memory only custom_id → batch is kept, hashed (~16 bytes a request).
 */
export interface LoggedRequest {
  customId: string;
  batch: string;
  grader: string;
  sample: number;
  /** sha256 (first 16 hex digits) of the request's messages: matches a transcript without holding it. */
  prompt: string;
}

/** `rollouts.results.batches.json` → `rollouts.results.batches.requests.jsonl`. */
export function requestLogPath(stateFile: string): string {
  return `${stateFile.replace(/\.json$/i, '')}.requests.jsonl`;
}

// The index's one "grader", whose tracked label is the batch id.
const BATCH = 'batch';

export class RequestLog {
  readonly file: string;
  private readonly index = new ResumeIndex({ trackLabelsOf: [BATCH] });

  private constructor(file: string) {
    this.file = file;
  }

  /**
   * Reads an existing log. A torn last line (a kill mid-append) is cut off: its batch was never
   * saved in the state, so nothing refers to it.
   */
  static async open(file: string): Promise<RequestLog> {
    const log = new RequestLog(file);
    if (!existsSync(file)) return log;
    cutTornTail(file);
    for await (const line of readJsonLines(file)) {
      const request = sentRequest(line);
      if (request !== null) log.index.record(request.customId, BATCH, 'ok', request.batch);
    }
    return log;
  }

  /** The batch a request was last sent in; undefined when this job never sent it. */
  batchOf(customId: string): string | undefined {
    return this.index.labelOf(customId, BATCH) ?? undefined;
  }

  /** Records the requests of a batch the provider accepted, in one write of whole lines. */
  append(batch: string, requests: readonly Omit<LoggedRequest, 'batch'>[]): void {
    const lines = requests.map((request) => `${JSON.stringify({ customId: request.customId, batch, grader: request.grader, sample: request.sample, prompt: request.prompt })}\n`);
    appendFileSync(this.file, lines.join(''));
    for (const request of requests) this.index.record(request.customId, BATCH, 'ok', batch);
  }

  /** The custom_ids whose last batch is this one, read back from the file (not held in memory). */
  async *customIdsOf(batch: string): AsyncGenerator<string> {
    if (!existsSync(this.file)) return;
    for await (const line of readJsonLines(this.file)) {
      const request = sentRequest(line);
      if (request !== null && request.batch === batch && this.batchOf(request.customId) === batch) yield request.customId;
    }
  }

  /** Bytes of the in-memory index. */
  get indexBytes(): number {
    return this.index.bytes;
  }
}

/** The two fields the job reads back from a line (a line without them was not written by the log). */
function sentRequest(line: ParsedLine): Pick<LoggedRequest, 'customId' | 'batch'> | null {
  if (!line.ok) return null;
  const value = line.value as Partial<LoggedRequest> | null;
  return typeof value?.customId === 'string' && typeof value.batch === 'string' ? { customId: value.customId, batch: value.batch } : null;
}
