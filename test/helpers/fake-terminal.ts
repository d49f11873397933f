import { Writable } from 'node:stream';

/** A stream that says it is a terminal and keeps what is drawn on it. */
export function fakeTerminal(): Writable & { isTTY: true; columns: number; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, {
    isTTY: true as const,
    columns: 120,
    cursorTo: (_x: number, _y?: number, callback?: () => void) => {
      callback?.();
      return true;
    },
    clearLine: (_dir: number, callback?: () => void) => {
      callback?.();
      return true;
    },
    moveCursor: (_dx: number, _dy: number, callback?: () => void) => {
      callback?.();
      return true;
    },
    text: () => chunks.join(''),
  });
}
