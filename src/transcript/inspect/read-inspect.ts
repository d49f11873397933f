import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { TranscriptOrProblem } from '../input-problem.js';
import { readEvalLog } from './eval-zip.js';
import { readJsonLog } from './json-log.js';
import type { InspectLogHeader, LogItem } from './log-items.js';
import { mapSample } from './map-sample.js';
import { isInspectJsonLog } from './sniff.js';

/** Transcripts of one Inspect log, `.eval` or `.json`; `idPrefix` keeps ids unique across a folder. */
export async function* readInspectLog(file: string, format: 'eval' | 'json', idPrefix = ''): AsyncGenerator<TranscriptOrProblem> {
  const items: AsyncGenerator<LogItem> = format === 'eval' ? readEvalLog(file) : readJsonLog(file);
  let header: InspectLogHeader = {};
  for await (const item of items) {
    if (item.kind === 'header') {
      header = item.header;
      if (header.status === 'error') {
        const reason = header.error?.message?.split('\n')[0];
        yield { ok: false, problem: { file, message: `the log's status is "error"${reason === undefined ? '' : ` ("${reason}")`}: the run failed; the samples it completed are still read` } };
      }
    } else if (item.kind === 'problem') {
      yield { ok: false, problem: { file, ...(item.sample === undefined ? {} : { sample: item.sample }), message: item.message } };
    } else {
      yield mapSample(item.sample, { file, header, idPrefix }, item.name);
    }
  }
}

/**
 * Every Inspect log in a folder (an eval set's log dir), in name order, recursively. Ids are made
 * unique across logs by the rule `<log path relative to the folder, without extension>/<sample id>[:<epoch>]`.
 * JSON files that are not logs (an eval set's `logs.json`, `eval-set.json`) are passed over.
 */
export async function* readInspectFolder(folder: string): AsyncGenerator<TranscriptOrProblem> {
  const names = (await readdir(folder, { recursive: true })).filter((name) => /\.(eval|json)$/i.test(name)).sort();
  let logs = 0;
  for (const name of names) {
    const file = join(folder, name);
    const format = /\.eval$/i.test(name) ? 'eval' : 'json';
    if (format === 'json' && !(await isInspectJsonLog(file))) continue;
    logs += 1;
    const prefix = `${relative(folder, file).split(sep).join('/').replace(/\.(eval|json)$/i, '')}/`;
    yield* readInspectLog(file, format, prefix);
  }
  if (logs === 0) yield { ok: false, problem: { file: folder, message: 'the folder holds no Inspect logs (.eval, or .json written by Inspect); for JSONL, name the file itself' } };
}
