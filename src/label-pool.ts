import { Piscina } from 'piscina';
import type { SetupOptions } from './config/setup.js';
import type { PoolItemResult, TranscriptPool } from './grading/pooled-grading.js';

export interface StartedPool extends TranscriptPool {
  close(): Promise<void>;
}

/** `threads` worker threads (piscina) running label-worker.ts over the run's setup. */
export function startTranscriptPool(setupOptions: SetupOptions, threads: number): StartedPool {
  const pool = new Piscina({
    filename: new URL('./label-worker.js', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    workerData: { setupOptions },
  });
  return {
    threads,
    gradeBatch: (graders: readonly string[], items: string) => pool.run({ graders, items }) as Promise<PoolItemResult[]>,
    close: () => pool.destroy(),
  };
}
