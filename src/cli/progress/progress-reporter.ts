import cliProgress from 'cli-progress';
import type { UsageRecord } from '../../grading/verdict.js';

/**
 * How a run shows its progress: a redrawn bar on a terminal; plain periodic lines where output is
 * read later (CI logs, `--json` runs, a pipe); nothing with `--quiet`. Never both, so a log never
 * fills with bar redraws and a terminal never gets a line per tick.
 */
export type ProgressMode = 'bar' | 'lines' | 'none';

export function progressMode(options: { isTTY: boolean; json?: boolean; quiet?: boolean }): ProgressMode {
  if (options.quiet) return 'none';
  if (options.json || !options.isTTY) return 'lines';
  return 'bar';
}

/** What the run has done so far. */
export interface ProgressSnapshot {
  /** Input lines handled (transcripts graded or skipped, malformed lines). */
  done: number;
  /** Non-blank input lines, when counted up front. */
  total: number | null;
  elapsedMs: number;
  errors: number;
  tokens: number;
  /** Null once any priced request had no price. */
  costUsd: number | null;
}

export interface ProgressReporter {
  start(total: number | null): void;
  /** One input line handled: a transcript through every grader, or a malformed line. */
  lineDone(): void;
  verdict(event: { error: boolean; usage?: UsageRecord | undefined }): void;
  /** Prints a message without tearing the bar. */
  log(text: string): void;
  stop(): void;
}

export interface ProgressOptions {
  /** Where lines go (stderr). */
  write: (text: string) => void;
  /** The terminal the bar draws on (stderr); only for mode 'bar'. */
  stream?: NodeJS.WritableStream;
  /** Between plain lines; default 10 s. */
  intervalMs?: number;
  now?: () => number;
}

export function createProgressReporter(mode: ProgressMode, options: ProgressOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const state = { started: now(), done: 0, total: null as number | null, errors: 0, tokens: 0, costUsd: 0 as number | null };
  const snapshot = (): ProgressSnapshot => ({ done: state.done, total: state.total, elapsedMs: now() - state.started, errors: state.errors, tokens: state.tokens, costUsd: state.costUsd });
  const count = {
    lineDone() {
      state.done += 1;
    },
    verdict(event: { error: boolean; usage?: UsageRecord | undefined }) {
      if (event.error) state.errors += 1;
      if (event.usage !== undefined) {
        state.tokens += event.usage.inputTokens + event.usage.outputTokens + event.usage.cacheReadTokens + event.usage.cacheWriteTokens;
        state.costUsd = state.costUsd === null || event.usage.costUsd === null ? null : state.costUsd + event.usage.costUsd;
      }
    },
  };

  if (mode === 'none') {
    return { start() {}, ...count, log: options.write, stop() {} };
  }

  if (mode === 'lines') {
    let timer: NodeJS.Timeout | undefined;
    let printed = 0;
    return {
      start(total) {
        state.started = now();
        state.total = total;
        timer = setInterval(() => {
          printed += 1;
          options.write(`${formatProgressLine(snapshot())}\n`);
        }, options.intervalMs ?? 10_000);
        timer.unref();
      },
      ...count,
      log: options.write,
      stop() {
        if (timer === undefined) return;
        clearInterval(timer);
        timer = undefined;
        // A run shorter than one interval stays silent; a longer one ends its log with the totals.
        if (printed > 0) options.write(`${formatProgressLine(snapshot())}\n`);
      },
    };
  }

  const multibar = terminalBars(options, {
    // `remaining`, not `eta`: cli-progress fills its own {eta} (bare seconds) over a payload's.
    format: '{bar} {percentage}% | {value}/{total} transcripts | {rate}/s | ETA {remaining} | {errors} errors | {tokens} tokens | {cost}',
    fps: 5,
  });
  let bar: TerminalBar | undefined;
  const payload = () => {
    const current = snapshot();
    return { rate: Math.round(rate(current)), remaining: eta(current), errors: current.errors, tokens: compact(current.tokens), cost: cost(current.costUsd) };
  };
  return {
    start(total) {
      state.started = now();
      state.total = total;
      bar = multibar.create(total ?? 0, 0, payload());
    },
    lineDone() {
      count.lineDone();
      bar?.update(state.done, payload());
    },
    verdict(event) {
      count.verdict(event);
    },
    log(text) {
      multibar.log(text.endsWith('\n') ? text : `${text}\n`);
      multibar.update(); // draws the message now (the buffer is otherwise flushed only on the next tick)
    },
    stop() {
      if (bar === undefined) return;
      bar.update(state.done, payload());
      multibar.stop();
      bar = undefined;
    },
  };
}

/**
 * The part of cli-progress's MultiBar/SingleBar this project uses. Declared here so the published
 * .d.ts never names cli-progress's types, which live in a dev-only @types package (a consumer
 * type-checking with skipLibCheck: false would fail to find them).
 */
export interface TerminalBar {
  update(value: number, payload?: object): void;
  setTotal(total: number): void;
}
export interface TerminalBars {
  create(total: number, start: number, payload?: object): TerminalBar;
  log(text: string): void;
  update(): void;
  stop(): void;
}

/** Bars drawn on the terminal (stderr), with room above them for messages (MultiBar.log). */
export function terminalBars(options: Pick<ProgressOptions, 'stream'>, bar: { format: string; fps: number }): TerminalBars {
  return new cliProgress.MultiBar(
    {
      ...bar,
      stream: options.stream ?? process.stderr,
      // A hidden cursor stays hidden if the process is ended by a second Ctrl-C.
      hideCursor: false,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
}

/** "tgrade: 1,234 of 32,768 transcripts (3.8%), 120/s, ETA 4m 20s, 3 errors, 1.2M tokens, $0.42" */
export function formatProgressLine(progress: ProgressSnapshot): string {
  const perSecond = rate(progress);
  const parts = [progress.total === null ? `${thousands(progress.done)} transcripts` : `${thousands(progress.done)} of ${thousands(progress.total)} transcripts (${share(progress.done, progress.total)})`];
  parts.push(`${perSecond >= 10 ? Math.round(perSecond) : perSecond.toFixed(1)}/s`);
  if (progress.total !== null && progress.done < progress.total) parts.push(`ETA ${eta(progress)}`);
  parts.push(`${thousands(progress.errors)} error${progress.errors === 1 ? '' : 's'}`, `${compact(progress.tokens)} tokens`, cost(progress.costUsd));
  return `tgrade: ${parts.join(', ')}`;
}

/** Remaining lines over the rate so far. */
function eta(progress: ProgressSnapshot): string {
  if (progress.total === null) return 'unknown';
  if (progress.done >= progress.total) return '0s';
  const perSecond = rate(progress);
  return perSecond > 0 ? duration(((progress.total - progress.done) / perSecond) * 1000) : 'unknown';
}

function rate(progress: ProgressSnapshot): number {
  return progress.elapsedMs <= 0 ? 0 : progress.done / (progress.elapsedMs / 1000);
}

function share(done: number, total: number): string {
  if (total === 0) return '100%';
  return `${((100 * done) / total).toFixed(1)}%`;
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

function compact(value: number): string {
  if (value < 10_000) return thousands(value);
  if (value < 1_000_000) return `${(value / 1000).toFixed(1)}k`;
  return `${(value / 1_000_000).toFixed(1)}M`;
}

function cost(value: number | null): string {
  return value === null ? 'cost unknown' : `$${value.toFixed(value < 1 ? 4 : 2)}`;
}

function thousands(value: number): string {
  return value.toLocaleString('en-US');
}
