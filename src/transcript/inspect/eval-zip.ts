import { crc32, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { headerOf, isObject, type InspectLogHeader, type LogItem } from './log-items.js';
import { openZip } from './windowed-reader.js';

/**
 * Reads an Inspect `.eval` log: a zip written by inspect_ai `log/_recorders/eval.py` holding
 * `header.json` (the EvalLog without samples, written when the run ends), `_journal/start.json`
 * (eval spec and plan, written when it starts), and one `samples/<id>_epoch_<n>.json` per sample.
 * The archive is read through its central directory with yauzl, one entry at a time: only the
 * sample being mapped is ever in memory, never the archive.
 */
export async function* readEvalLog(file: string): AsyncGenerator<LogItem> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch (error) {
    yield { kind: 'problem', message: unlistable(error) };
    return;
  }
  // Pass 1: find the header (written last, so it sits at the end of the archive) and count samples.
  let header: InspectLogHeader | undefined;
  let start: InspectLogHeader | undefined;
  let sampleCount = 0;
  try {
    for await (const entry of entries(zip)) {
      if (entry.fileName === 'header.json') header = headerOf(await readJsonEntry(zip, entry));
      else if (entry.fileName === '_journal/start.json') start = headerOf(await readJsonEntry(zip, entry));
      else if (isSampleEntry(entry.fileName)) sampleCount += 1;
    }
  } catch (error) {
    zip.close();
    yield { kind: 'problem', message: `its header could not be read (${(error as Error).message})` };
    return;
  } finally {
    zip.close();
  }
  if (header === undefined && start === undefined) {
    yield { kind: 'problem', message: 'it has neither header.json nor _journal/start.json; task and model are unknown (the samples are still read)' };
  }
  yield { kind: 'header', header: header ?? { ...start, status: start?.status ?? 'started' } };
  if (sampleCount === 0) {
    yield { kind: 'problem', message: 'it holds no samples (samples/*.json); was it written with log_samples off?' };
    return;
  }
  // Pass 2: each sample in archive order, parsed one at a time.
  const samples = await openZip(file);
  try {
    for await (const entry of entries(samples)) {
      if (!isSampleEntry(entry.fileName)) continue;
      const name = entry.fileName.slice('samples/'.length, -'.json'.length);
      let text: string;
      try {
        text = (await readEntry(samples, entry)).toString('utf8');
      } catch (error) {
        yield { kind: 'problem', sample: name, message: `${entry.fileName} could not be read from the archive (${(error as Error).message})` };
        continue;
      }
      try {
        yield { kind: 'sample', name, sample: JSON.parse(text) };
      } catch (error) {
        yield { kind: 'problem', sample: name, message: `${entry.fileName} is not valid JSON (${(error as Error).message})` };
      }
    }
  } finally {
    samples.close();
  }
}

function isSampleEntry(name: string): boolean {
  return name.startsWith('samples/') && name.endsWith('.json');
}

function unlistable(error: unknown): string {
  const reason = (error as Error).message;
  if (/central directory|end of central directory/i.test(reason)) {
    return `the .eval archive is truncated or damaged: its central directory (the zip's list of entries, at its end) is missing, so its samples cannot be listed and none were read (${reason}). Copy the log again from where Inspect wrote it`;
  }
  return `it is not a readable .eval (zip) archive (${reason})`;
}

/** The archive's entries, one at a time (yauzl's lazy mode reads the next only when asked). */
async function* entries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  for (;;) {
    const next = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      const onEntry = (entry: yauzl.Entry) => {
        cleanup();
        resolve(entry);
      };
      const onEnd = () => {
        cleanup();
        resolve(null);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const cleanup = () => {
        zip.off('entry', onEntry);
        zip.off('end', onEnd);
        zip.off('error', onError);
      };
      zip.on('entry', onEntry);
      zip.on('end', onEnd);
      zip.on('error', onError);
      zip.readEntry();
    });
    if (next === null) return;
    yield next;
  }
}

/**
 * An entry's bytes. yauzl hands over the raw (deflated) bytes and they are inflated in one call:
 * a zlib stream per entry cost ~2 ms each, most of the time of reading a log of small samples.
 * The size and CRC-32 the central directory records are checked, as yauzl checks them on its own path.
 */
async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  const raw = await new Promise<Buffer>((resolve, reject) => {
    zip.openReadStream(entry, { decompress: entry.compressionMethod === 8 ? false : null }, (error, stream) => {
      if (error !== null || stream === undefined) return reject(error ?? new Error('cannot open the entry'));
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', reject);
      stream.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    });
  });
  let data: Buffer;
  if (entry.compressionMethod === 8) data = inflateRawSync(raw);
  else if (entry.compressionMethod === 0) data = raw;
  else throw new Error(`compression method ${entry.compressionMethod} is not one a zip reader must support (stored or deflate)`);
  if (data.length !== entry.uncompressedSize) throw new Error(`its size is ${data.length} bytes, the archive says ${entry.uncompressedSize}`);
  if (crc32(data) >>> 0 !== entry.crc32 >>> 0) throw new Error('its CRC-32 does not match the archive (the data is damaged)');
  return data;
}

async function readJsonEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Record<string, unknown>> {
  const value: unknown = JSON.parse((await readEntry(zip, entry)).toString('utf8'));
  if (!isObject(value)) throw new Error(`${entry.fileName} is not a JSON object`);
  return value;
}
