import type { GradedLines, LineBatch, LineOutcome } from './line-grading.js';

/** A pool of worker threads that read and grade batches of JSONL lines (line-grading.ts). */
export interface LinePool {
  readonly threads: number;
  gradeLines(batch: LineBatch): Promise<GradedLines>;
}

// A batch is sent when it has this many lines or bytes, whichever comes first: large enough that
// messaging costs little per line, small enough that the threads start early and stay busy.
const BATCH_LINES = 128;
const BATCH_CHARS = 512 * 1024;

/**
 * Feeds a JSONL file's lines to worker threads in batches and hands their outcomes to `apply` in
 * input order, one line after another, as the run reading the file itself would see them. `apply`
 * returns false to stop (a fatal error, `--limit` reached): nothing after that is applied, and
 * the caller stops reading (`stopped`).
 */
export class PooledLineGrading {
  private lines: number[] = [];
  private texts: string[] = [];
  private chars = 0;
  private readonly inFlight: Promise<GradedLines>[] = [];
  private halted = false;

  constructor(
    private readonly pool: LinePool,
    private readonly graders: readonly string[],
    private readonly file: string,
    private readonly apply: (outcome: LineOutcome, records: Uint8Array) => boolean,
  ) {}

  get stopped(): boolean {
    return this.halted;
  }

  async add(line: number, text: string, signal: AbortSignal): Promise<void> {
    this.lines.push(line);
    this.texts.push(text);
    this.chars += text.length;
    if (this.lines.length < BATCH_LINES && this.chars < BATCH_CHARS) return;
    this.submit();
    // Two batches per thread: one being graded, one waiting, while this thread reads and writes.
    while (this.inFlight.length > 2 * this.pool.threads) await this.applyOldest(signal);
  }

  async finish(signal: AbortSignal): Promise<void> {
    this.submit();
    while (this.inFlight.length > 0) await this.applyOldest(signal);
  }

  private submit(): void {
    if (this.lines.length === 0 || this.halted) return;
    const outcomes = this.pool.gradeLines({ graders: this.graders, file: this.file, lines: this.lines, texts: this.texts.join('\n') });
    // Rejections are awaited in order by applyOldest; this keeps a later one from going unhandled meanwhile.
    outcomes.catch(() => {});
    this.inFlight.push(outcomes);
    this.lines = [];
    this.texts = [];
    this.chars = 0;
  }

  private async applyOldest(signal: AbortSignal): Promise<void> {
    const { outcomes, records } = await (this.inFlight.shift() as Promise<GradedLines>);
    // After an interrupt or a stop nothing more is written: a rerun grades what is left.
    if (signal.aborted) this.halted = true;
    for (const outcome of outcomes) {
      if (this.halted) return;
      if (!this.apply(outcome, records)) this.halted = true;
    }
  }
}

