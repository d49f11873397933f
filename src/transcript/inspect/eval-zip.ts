import { crc32, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { headerOf, isObject, type InspectLogHeader, type LogItem } from './log-items.js';
import { openZip, type WindowedFileReader } from './windowed-reader.js';

/**
 * Reads an Inspect `.eval` log: a zip written by inspect_ai `log/_recorders/eval.py` holding
 * `header.json` (the EvalLog without samples, written when the run ends), `_journal/start.json`
 * (eval spec and plan, written when it starts), and one `samples/<id>_epoch_<n>.json` per sample.
 * The archive is read through its central directory with yauzl, one entry at a time: only the
 * sample being mapped is ever in memory, never the archive.
 */
export async function* readEvalLog(file: string): AsyncGenerator<LogItem> {
  let zip: yauzl.ZipFile;
  let reader: WindowedFileReader;
  try {
    ({ zip, reader } = await openZip(file));
  } catch (error) {
    yield { kind: 'problem', message: unlistable(error) };
    return;
  }
  // Pass 1: find the header (written last, so it sits at the end of the archive) and count samples.
  let header: InspectLogHeader | undefined;
  let start: InspectLogHeader | undefined;
  let sampleCount = 0;
  const headerProblems: string[] = [];
  const headerFrom = (entry: yauzl.Entry): InspectLogHeader | undefined => {
    try {
      return headerOf(readJsonEntry(reader, entry));
    } catch (error) {
      headerProblems.push(`${entry.fileName} could not be read (${(error as Error).message})`);
      return undefined;
    }
  };
  try {
    for await (const entry of entries(zip)) {
      if (entry.fileName === 'header.json') header = headerFrom(entry);
      else if (entry.fileName === '_journal/start.json') start = headerFrom(entry);
      else if (isSampleEntry(entry.fileName)) sampleCount += 1;
    }
  } catch (error) {
    yield { kind: 'problem', message: `its list of entries could not be read (${(error as Error).message}); its samples cannot be listed` };
    return;
  } finally {
    zip.close();
  }
  for (const message of headerProblems) yield { kind: 'problem', message };
  if (header === undefined && start === undefined) {
    yield { kind: 'problem', message: 'it has neither header.json nor _journal/start.json; task and model are unknown (the samples are still read)' };
  }
  yield { kind: 'header', header: header ?? { ...start, status: start?.status ?? 'started' } };
  if (sampleCount === 0) {
    yield { kind: 'problem', message: 'it holds no samples (samples/*.json); was it written with log_samples off?' };
    return;
  }
  // Pass 2: each sample in archive order, parsed one at a time.
  const { zip: samples, reader: sampleReader } = await openZip(file);
  try {
    for await (const entry of entries(samples)) {
      if (!isSampleEntry(entry.fileName)) continue;
      const name = entry.fileName.slice('samples/'.length, -'.json'.length);
      let text: string;
      try {
        text = readEntry(sampleReader, entry).toString('utf8');
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
  // One set of listeners for the whole walk: adding and removing three per entry cost as much as listing.
  let settle: { resolve: (entry: yauzl.Entry | null) => void; reject: (error: Error) => void } | undefined;
  const onEntry = (entry: yauzl.Entry) => settle?.resolve(entry);
  const onEnd = () => settle?.resolve(null);
  const onError = (error: Error) => settle?.reject(error);
  zip.on('entry', onEntry);
  zip.on('end', onEnd);
  zip.on('error', onError);
  try {
    for (;;) {
      const next = await new Promise<yauzl.Entry | null>((resolve, reject) => {
        settle = { resolve, reject };
        zip.readEntry();
      });
      if (next === null) return;
      yield next;
    }
  } finally {
    zip.off('entry', onEntry);
    zip.off('end', onEnd);
    zip.off('error', onError);
  }
}

/**
 * An entry's bytes, read straight from the windowed reader: yauzl lists the entries (their sizes,
 * CRC-32 and where each starts), and the data after the entry's local header (APPNOTE 4.3.7: 30
 * bytes, then the name and the extra field) is inflated in one call. yauzl's read stream per
 * entry (three piped streams and a zlib stream) cost more than everything else in reading a log
 * of small samples. Size and CRC-32 are checked as yauzl checks them.
 */
function readEntry(reader: WindowedFileReader, entry: yauzl.Entry): Buffer {
  if ((entry.generalPurposeBitFlag & 0x1) !== 0) throw new Error('it is encrypted');
  const header = reader.slice(entry.relativeOffsetOfLocalHeader, LOCAL_HEADER_BYTES);
  if (header.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE) throw new Error('its local file header is missing (the archive is damaged)');
  const dataStart = entry.relativeOffsetOfLocalHeader + LOCAL_HEADER_BYTES + header.readUInt16LE(26) + header.readUInt16LE(28);
  const raw = reader.slice(dataStart, entry.compressedSize);
  let data: Buffer;
  if (entry.compressionMethod === 8) data = inflateRawSync(raw);
  else if (entry.compressionMethod === 0) data = Buffer.from(raw);
  else throw new Error(`compression method ${entry.compressionMethod} is not one a zip reader must support (stored or deflate)`);
  if (data.length !== entry.uncompressedSize) throw new Error(`its size is ${data.length} bytes, the archive says ${entry.uncompressedSize}`);
  if (crc32(data) >>> 0 !== entry.crc32 >>> 0) throw new Error('its CRC-32 does not match the archive (the data is damaged)');
  return data;
}

const LOCAL_HEADER_BYTES = 30;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;

function readJsonEntry(reader: WindowedFileReader, entry: yauzl.Entry): Record<string, unknown> {
  const value: unknown = JSON.parse(readEntry(reader, entry).toString('utf8'));
  if (!isObject(value)) throw new Error(`${entry.fileName} is not a JSON object`);
  return value;
}
