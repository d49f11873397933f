import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { inputKindOf } from '../../src/transcript/input-kind.js';
import { inspectLog, readAll } from '../helpers/inspect-logs.js';

const dir = mkdtempSync(join(tmpdir(), 'tgrade-input-kind-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('what an input file is', () => {
  test('JSONL stays JSONL', async () => {
    expect(await inputKindOf(file('a.jsonl', '{"id":"a","text":"x"}\n{"id":"b","text":"y"}\n'))).toEqual({ kind: 'jsonl' });
  });

  test('an Inspect .json log is recognised by how Inspect begins it, whatever its name', async () => {
    expect(await inputKindOf(inspectLog('real/log_formats.json'))).toEqual({ kind: 'inspect-json' });
  });

  test('an .eval log is a zip', async () => {
    expect(await inputKindOf(inspectLog('real/log_formats.eval'))).toEqual({ kind: 'inspect-eval' });
  });

  test('a pretty-printed object is one JSON document', async () => {
    expect(await inputKindOf(file('o.json', '{\n  "id": "a",\n  "text": "x"\n}\n'))).toEqual({ kind: 'json-document', shape: 'object' });
  });

  test('an array on one line is one JSON document', async () => {
    expect(await inputKindOf(file('a1.json', '[{"id":"a","text":"x"}]'))).toEqual({ kind: 'json-document', shape: 'array' });
  });

  test('a folder is a folder of logs', async () => {
    expect(await inputKindOf(dir)).toEqual({ kind: 'folder' });
  });
});

describe('one JSON document given as transcripts', () => {
  test('is one clear problem, not one per line', async () => {
    const items = await readAll(inspectLog('built/array-document.json'));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ ok: false, problem: { message: expect.stringContaining('this file is one JSON document (an array), not JSONL') } });
  });
});
