import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { JSONParser } from '@streamparser/json';
import { headerOf, isObject, type LogItem } from './log-items.js';

/**
 * Reads an Inspect `.json` log (inspect_ai `log/_recorders/json.py`: the whole EvalLog as one
 * document) without loading it: a streaming parser emits the top-level header fields and each
 * element of `samples` as it completes, and forgets it once handed on (`keepStack: false`), so
 * memory holds one sample, not the log. EvalLog's field order is fixed (version, status, eval, plan,
 * results, stats, error, samples, …), so the header is known before the first sample.
 */
export async function* readJsonLog(file: string): AsyncGenerator<LogItem> {
  // Not `$.samples` itself: a path on an ancestor makes the parser keep every sample to emit it whole.
  const parser = new JSONParser({ paths: ['$.version', '$.status', '$.eval', '$.error', '$.samples.*'], keepStack: false });
  const header: Record<string, unknown> = {};
  let headerSent = false;
  let sampleIndex = 0;
  const ready: LogItem[] = [];
  parser.onValue = ({ value, key, stack }) => {
    if (stack.length === 1) {
      header[String(key)] = value;
      return;
    }
    if (!headerSent) {
      ready.push({ kind: 'header', header: headerOf(header) });
      headerSent = true;
    }
    sampleIndex += 1;
    ready.push({ kind: 'sample', sample: value, name: sampleName(value, sampleIndex) });
  };
  let failure: string | undefined;
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream) {
      try {
        parser.write(chunk as Buffer);
      } catch (error) {
        failure = (error as Error).message;
      }
      while (ready.length > 0) yield ready.shift() as LogItem;
      if (failure !== undefined) break;
    }
    if (failure === undefined && !parser.isEnded) {
      try {
        parser.end();
      } catch (error) {
        failure = (error as Error).message;
      }
    }
  } finally {
    stream.destroy();
  }
  while (ready.length > 0) yield ready.shift() as LogItem;
  if (!headerSent) yield { kind: 'header', header: headerOf(header) };
  if (failure !== undefined) {
    yield { kind: 'problem', message: `the log is not valid JSON or ends early after ${sampleIndex} sample(s) (${failure}); the samples before were read` };
  } else if (sampleIndex === 0) {
    yield { kind: 'problem', message: await noSamplesMessage(file) };
  }
}

/**
 * Why a log yielded no sample. With no samples in it the log is only its header, results and stats,
 * so it is small enough to parse whole and look at `samples` itself.
 */
async function noSamplesMessage(file: string): Promise<string> {
  const { size } = await stat(file);
  if (size > HEADER_ONLY_MAX_BYTES) return 'the log has no samples; nothing to grade';
  const samples = (JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>)['samples'];
  if (samples === null || samples === undefined) {
    return `the log has no samples ("samples": ${samples === null ? 'null' : 'missing'}): it is header-only (written with log_samples off, or read with header_only); nothing to grade`;
  }
  return Array.isArray(samples) ? 'the log\'s "samples" list is empty; nothing to grade' : '"samples" is not a list; nothing to grade';
}

const HEADER_ONLY_MAX_BYTES = 64 * 1024 * 1024;

function sampleName(sample: unknown, index: number): string {
  if (!isObject(sample)) return `#${index}`;
  const id = sample['id'];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : `#${index}`;
}
