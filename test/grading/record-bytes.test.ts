import { describe, expect, test } from 'vitest';
import { RecordBytes } from '../../src/grading/record-bytes.js';

describe('RecordBytes', () => {
  test('holds each record as its UTF-8 line with a newline, and says how many bytes each took, past several growths', () => {
    const records = new RecordBytes(8);
    const lines = ['{"a":1}', '{"quote":"é — 漢字 😀"}', JSON.stringify({ long: 'x'.repeat(5000) }), '{}'];
    const lengths = lines.map((line) => records.append(line));
    expect(lengths).toEqual(lines.map((line) => Buffer.byteLength(line) + 1));
    expect(Buffer.from(records.bytes).toString('utf8')).toBe(`${lines.join('\n')}\n`);
    expect(records.length).toBe(records.bytes.length);
  });

  test('gives the bytes the one-thread store writes (Buffer#write), a lone surrogate included', () => {
    const records = new RecordBytes();
    const line = '{"q":"a\ud800b"}';
    records.append(line);
    expect(Buffer.from(records.bytes)).toEqual(Buffer.from(`${line}\n`, 'utf8'));
  });
});
