import { describe, expect, test } from 'vitest';
import { normalizeRecord } from '../../src/transcript/normalize.js';

const source = { file: 'runs/rollouts.jsonl', line: 7 };

describe('normalizeRecord', () => {
  test('a `{id, text}` record becomes a tagged-text transcript whose text is the input itself', () => {
    const result = normalizeRecord({ id: 'a', text: '<cot>x</cot>' }, source);
    expect(result).toMatchObject({ ok: true, transcript: { id: 'a', format: 'tagged-text', text: '<cot>x</cot>', source } });
  });

  test('a `{id, messages}` record becomes a messages transcript', () => {
    const result = normalizeRecord({ id: 'b', messages: [{ role: 'user', content: 'hi' }] }, source);
    expect(result).toMatchObject({ ok: true, transcript: { id: 'b', format: 'messages' } });
  });

  test('a record without an id is named by its file and line', () => {
    const result = normalizeRecord({ text: 'hello' }, source);
    expect(result.ok && result.transcript.id).toBe('runs/rollouts.jsonl:7');
  });

  test('a numeric id is kept as a string', () => {
    const result = normalizeRecord({ id: 42, text: 'hello' }, source);
    expect(result.ok && result.transcript.id).toBe('42');
  });

  test('an empty id is rejected, naming the field', () => {
    const result = normalizeRecord({ id: '', text: 'hello' }, source);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/\(at id\)/);
  });

  test('a record with neither messages nor text is rejected with what was expected', () => {
    const result = normalizeRecord({ id: 'c', prompt: 'hello' }, source);
    expect(result).toEqual({ ok: false, error: 'expected a `messages` array or a `text` string' });
  });

  test.each([
    ['an array', [1, 2]],
    ['null', null],
    ['a string', 'hello'],
  ])('%s is not a record', (_name, value) => {
    expect(normalizeRecord(value, source)).toEqual({ ok: false, error: 'expected a JSON object with `messages` or `text`' });
  });

  test('`messages` that is not a list is rejected, naming the field', () => {
    const result = normalizeRecord({ id: 'd', messages: 'hello' }, source);
    expect(!result.ok && result.error).toMatch(/\(at messages\)/);
  });

  test('a message without a role is rejected, naming its index', () => {
    const result = normalizeRecord({ id: 'e', messages: [{ content: 'hi' }] }, source);
    expect(!result.ok && result.error).toMatch(/\(at messages\.0\.role\)/);
  });

  test('`text` that is not a string is rejected, naming the field', () => {
    const result = normalizeRecord({ id: 'f', text: 12 }, source);
    expect(!result.ok && result.error).toMatch(/\(at text\)/);
  });

  test('other top-level fields are kept as metadata, and an explicit `metadata` object is merged in', () => {
    const result = normalizeRecord({ id: 'g', text: 'x', model: 'm-1', metadata: { synthetic: true, model: 'm-2' } }, source);
    expect(result.ok && result.transcript.metadata).toEqual({ model: 'm-2', synthetic: true });
  });
});
