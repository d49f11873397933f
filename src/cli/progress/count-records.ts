import { createReadStream } from 'node:fs';

/**
 * Non-blank lines in a file, counted over raw bytes in chunks (constant memory, a fraction of a
 * second per GB): the total a progress bar needs for its percentage and ETA before the records
 * themselves are parsed. Blank means only spaces, tabs and CR, as the JSONL readers skip.
 */
export async function countRecords(file: string): Promise<number> {
  let records = 0;
  let lineHasContent = false;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let index = 0; index < chunk.length; index += 1) {
      const byte = chunk[index] as number;
      if (byte === 0x0a) {
        if (lineHasContent) records += 1;
        lineHasContent = false;
      } else if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) {
        lineHasContent = true;
      }
    }
  }
  return lineHasContent ? records + 1 : records;
}
