import type { Transcript } from '../transcript/schema.js';
import type { FinishedPairs, TranscriptStep } from './transcript-steps.js';

/** One transcript for a worker, with what the results file already says of it. */
export interface PoolItem {
  transcript: Transcript;
  /** Active graders whose pair is already finished in the results file. */
  finished: string[];
  /** Recorded labels (null: abstained) of the graders a gate or another grader reads. */
  labels: [string, string | null][];
}

export interface PoolItemResult {
  steps: TranscriptStep[];
  /** What the graders logged (ctx.log) while grading this transcript. */
  logs: string[];
}

/** A pool of worker threads that grade batches of transcripts with the named graders, in order. */
export interface TranscriptPool {
  /** Worker threads; a batch per thread is graded while the run reads the next ones. */
  readonly threads: number;
  /** `items` is a PoolItem[] as JSON: one string copies to a thread faster than the objects' structured clone. */
  gradeBatch(graders: readonly string[], items: string): Promise<PoolItemResult[]>;
}

const BATCH_SIZE = 64;

/**
 * Feeds the run's transcripts to a worker pool in batches and applies the results in input order,
 * as the run would have applied them grading each transcript itself: one writer, the same records
 * in the same order. A transcript whose id is already in a batch not yet applied waits until that
 * batch is applied (it then finds its pairs finished, as the run without workers does).
 */
export class PooledGrading {
  private batch: Transcript[] = [];
  private readonly inFlight: { transcripts: Transcript[]; results: Promise<PoolItemResult[]> }[] = [];
  private readonly idsInFlight = new Set<string>();
  private stopped = false;

  constructor(
    private readonly pool: TranscriptPool,
    private readonly graders: readonly string[],
    private readonly readByOthers: readonly string[],
    private readonly store: FinishedPairs,
    private readonly applyStep: (transcript: Transcript, step: TranscriptStep) => boolean,
    private readonly hooks: { onTranscriptDone?: (transcriptId: string) => void; log: (message: string) => void },
  ) {}

  async add(transcript: Transcript, signal: AbortSignal): Promise<void> {
    if (this.idsInFlight.has(transcript.id) || this.batch.some((queued) => queued.id === transcript.id)) await this.drain(signal);
    this.batch.push(transcript);
    if (this.batch.length >= BATCH_SIZE) await this.send(signal);
  }

  async finish(signal: AbortSignal): Promise<void> {
    await this.drain(signal);
  }

  private async drain(signal: AbortSignal): Promise<void> {
    this.submit();
    while (this.inFlight.length > 0) await this.applyOldest(signal);
  }

  private async send(signal: AbortSignal): Promise<void> {
    this.submit();
    // Two batches per thread: one being graded, one waiting, while this thread reads and writes.
    while (this.inFlight.length > 2 * this.pool.threads) await this.applyOldest(signal);
  }

  private submit(): void {
    if (this.batch.length === 0) return;
    const transcripts = this.batch;
    this.batch = [];
    // Transcripts come from JSON and are plain data, so JSON carries them whole.
    const items = JSON.stringify(transcripts.map((transcript) => this.itemOf(transcript)));
    for (const transcript of transcripts) this.idsInFlight.add(transcript.id);
    const results = this.pool.gradeBatch(this.graders, items);
    // Rejections are awaited in order by applyOldest; this keeps a later one from going unhandled meanwhile.
    results.catch(() => {});
    this.inFlight.push({ transcripts, results });
  }

  private async applyOldest(signal: AbortSignal): Promise<void> {
    const { transcripts, results } = this.inFlight.shift() as (typeof this.inFlight)[number];
    const graded = await results;
    for (const transcript of transcripts) this.idsInFlight.delete(transcript.id);
    // After an interrupt or a fatal error nothing more is written: a rerun grades what is left.
    if (this.stopped || signal.aborted) return;
    transcripts.forEach((transcript, index) => {
      if (this.stopped) return;
      const { steps, logs } = graded[index] as PoolItemResult;
      for (const message of logs) this.hooks.log(message);
      for (const step of steps) {
        if (!this.applyStep(transcript, step)) {
          this.stopped = true;
          return;
        }
      }
      this.hooks.onTranscriptDone?.(transcript.id);
    });
  }

  private itemOf(transcript: Transcript): PoolItem {
    const finished = this.graders.filter((grader) => this.store.isFinished(transcript.id, grader));
    const labels: [string, string | null][] = [];
    for (const grader of this.readByOthers) {
      const label = this.store.labelOf(transcript.id, grader);
      if (label !== undefined) labels.push([grader, label]);
    }
    return { transcript, finished, labels };
  }
}

/** The results file as a worker sees it for one transcript: the snapshot taken when it was sent. */
export function snapshotPairs(item: PoolItem): FinishedPairs {
  const finished = new Set(item.finished);
  const labels = new Map(item.labels);
  return {
    isFinished: (_transcriptId, grader) => finished.has(grader),
    labelOf: (_transcriptId, grader) => labels.get(grader),
  };
}
