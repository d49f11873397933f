import type { BatchEntry } from '../../batch/batch-state.js';
import type { UsageRecord } from '../../grading/verdict.js';
import { createProgressReporter, terminalBars, type ProgressMode, type ProgressOptions, type ProgressReporter, type TerminalBar, type TerminalBars } from './progress-reporter.js';

/** Where the requests of a batch job stand at the providers, from each batch's counts as last polled. */
export interface ProviderProgress {
  requests: number;
  /** Requests the provider is done with: answered, failed, expired or canceled. */
  ended: number;
  /** Of those, the ones without an answer. */
  failed: number;
  /** Batches the provider is still working on. */
  running: number;
}

export function providerProgress(batches: readonly BatchEntry[]): ProviderProgress {
  const progress: ProviderProgress = { requests: 0, ended: 0, failed: 0, running: 0 };
  for (const batch of batches) {
    progress.requests += batch.requests;
    const counts = batch.counts;
    // A batch that failed as a whole (its input file was rejected) has no counts: all of it failed.
    const failed = batch.failure !== undefined ? batch.requests : counts === undefined ? 0 : counts.errored + counts.expired + counts.canceled;
    progress.failed += failed;
    if (batch.status === 'submitted') {
      progress.running += 1;
      progress.ended += counts === undefined ? 0 : counts.succeeded + failed;
    } else {
      progress.ended += batch.requests;
    }
  }
  return progress;
}

/**
 * Progress of a `--batch` job, which alternates two kinds of work: passes over the input (grading
 * what the cache answers, spooling the rest; shown as a live run's progress, transcripts with
 * errors, tokens and cost) and waits for the providers (shown on a terminal as a bar of requests
 * the providers have ended). Plain lines and `--quiet` follow the live run's rules; in lines mode
 * the waits are reported by the job's own event lines, so `batches` draws nothing there.
 */
export interface BatchProgress {
  passStarted(): void;
  lineDone(): void;
  verdict(event: { error: boolean; usage?: UsageRecord | undefined }): void;
  passEnded(): void;
  /** The job's batches changed: sent, polled or collected. */
  batches(batches: readonly BatchEntry[]): void;
  /** Prints a message without tearing a bar. */
  log(text: string): void;
  stop(): void;
}

export function createBatchProgress(mode: ProgressMode, totalTranscripts: number | null, options: ProgressOptions): BatchProgress {
  let pass: ProgressReporter | undefined;
  let provider: { multibar: TerminalBars; bar: TerminalBar } | undefined;
  const stopProvider = () => {
    provider?.multibar.stop();
    provider = undefined;
  };
  const stopPass = () => {
    pass?.stop();
    pass = undefined;
  };
  return {
    passStarted() {
      stopProvider();
      stopPass();
      pass = createProgressReporter(mode, options);
      pass.start(totalTranscripts);
    },
    lineDone() {
      pass?.lineDone();
    },
    verdict(event) {
      pass?.verdict(event);
    },
    passEnded: stopPass,
    batches(batches) {
      if (mode !== 'bar' || pass !== undefined) return;
      const now = providerProgress(batches);
      if (now.running === 0) {
        if (provider !== undefined) provider.bar.update(now.ended, payload(now));
        stopProvider();
        return;
      }
      if (provider === undefined) {
        const multibar = terminalBars(options, {
          format: '{bar} {percentage}% | {value}/{total} requests ended at the provider | {running} batch(es) running | {failed} failed | {duration_formatted}',
          fps: 1,
        });
        provider = { multibar, bar: multibar.create(now.requests, now.ended, payload(now)) };
      } else {
        provider.bar.setTotal(now.requests);
        provider.bar.update(now.ended, payload(now));
      }
    },
    log(text) {
      if (pass !== undefined) pass.log(text);
      else if (provider !== undefined) {
        provider.multibar.log(text.endsWith('\n') ? text : `${text}\n`);
        provider.multibar.update();
      } else options.write(text);
    },
    stop() {
      stopPass();
      stopProvider();
    },
  };
}

function payload(progress: ProviderProgress): Record<string, number> {
  return { running: progress.running, failed: progress.failed };
}
