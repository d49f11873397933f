import { createReadStream } from 'node:fs';
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
  const parser = new JSONParser({ paths: ['$.version', '$.status', '$.eval', '$.error', '$.samples', '$.samples.*'], keepStack: false });
  const header: Record<string, unknown> = {};
  let headerSent = false;
  let samplesField = 'absent' as 'absent' | 'null' | 'array' | 'other';
  let sampleIndex = 0;
  const ready: LogItem[] = [];
  parser.onValue = ({ value, key, stack }) => {
    const depth = stack.length;
    if (depth === 1 && key !== 'samples') {
      header[String(key)] = value;
      return;
    }
    if (depth === 1) {
      samplesField = value === null ? 'null' : Array.isArray(value) ? 'array' : 'other';
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
  } else if (samplesField === 'null' || samplesField === 'absent') {
    yield { kind: 'problem', message: `the log has no samples ("samples": ${samplesField === 'null' ? 'null' : 'missing'}): it is header-only (written with log_samples off, or read with header_only); nothing to grade` };
  } else if (samplesField === 'other') {
    yield { kind: 'problem', message: '"samples" is not a list; nothing to grade' };
  }
}

function sampleName(sample: unknown, index: number): string {
  if (!isObject(sample)) return `#${index}`;
  const id = sample['id'];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : `#${index}`;
}
