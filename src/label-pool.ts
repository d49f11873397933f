import { Piscina } from 'piscina';
import type { SetupOptions } from './config/setup.js';
import type { GradedLines, LineBatch } from './grading/line-grading.js';
import type { PoolItemResult, TranscriptPool } from './grading/pooled-grading.js';
import type { LinePool } from './grading/pooled-lines.js';
import type { LabelWorkerData } from './label-worker.js';
import type { ShardSpec } from './shard/shard-spec.js';
import type { ResumeIndexSnapshot } from './store/resume-index.js';

export interface StartedPool extends TranscriptPool, LinePool {
  close(): Promise<void>;
}

export interface PoolSetup {
  setupOptions: SetupOptions;
  resume: ResumeIndexSnapshot;
  shard?: ShardSpec;
}

/** `threads` worker threads (piscina) running label-worker.ts over the run's setup. */
export function startTranscriptPool(setup: PoolSetup, threads: number): StartedPool {
  const workerData: LabelWorkerData = { setupOptions: setup.setupOptions, resume: setup.resume, ...(setup.shard === undefined ? {} : { shard: setup.shard }) };
  const pool = new Piscina({
    filename: new URL('./label-worker.js', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    workerData,
    // A worker's young generation is 32 MB by default (two 16 MB semi-spaces), half of a worker's heap
    // while grading; a batch needs far less. On 50,000 rollouts with two workers, 8 MB took ~30 MB less per
    // worker at the same CPU time.
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
  });
  return {
    threads,
    gradeBatch: (graders: readonly string[], items: string) => pool.run({ graders, items }, { name: 'gradeTranscripts' }) as Promise<PoolItemResult[]>,
    gradeLines: (batch: LineBatch) => pool.run(batch, { name: 'gradeLines' }) as Promise<GradedLines>,
    close: () => pool.destroy(),
  };
}
