import { describe, expect, test } from 'vitest';
import { inspectLog, problemsOf, transcriptById, transcriptsOf } from '../../helpers/inspect-logs.js';
import { expectSpansInText } from '../../helpers/transcripts.js';

// SYNTHETIC logs built from inspect_ai's schema (test/fixtures/inspect-logs/build_fixtures.py).
const shapes = inspectLog('built/shapes.json');
const sample = (id: string) => transcriptById(shapes, id);

describe('Inspect message shapes', () => {
  test('a reasoning block is a scratchpad segment', async () => {
    const transcript = await sample('reasoning-blocks');
    expect(transcript.scratchpad[0]?.text).toBe('I should look at the episode log before answering.');
  });

  test("a redacted reasoning block with a summary is read through its summary and recorded as partly unread", async () => {
    const transcript = await sample('reasoning-blocks');
    expect(transcript.scratchpad[1]?.text).toBe('Counted the lines of the episode log.');
    expect(transcript.text).not.toContain('gAAAAB');
    expect(transcript.unreadReasoning).toEqual(['message 5: redacted reasoning block (only its summary was read)']);
  });

  test('a redacted reasoning block without a summary leaves the scratchpad empty and says its reasoning was not read', async () => {
    const transcript = await sample('redacted-only');
    expect(transcript.scratchpad).toEqual([]);
    expect(transcript.unreadReasoning).toEqual(['message 2: redacted reasoning block']);
  });

  test('an assistant tool call {id, function, arguments} is an action answered by its tool message', async () => {
    const [action] = (await sample('reasoning-blocks')).actions;
    expect(action).toMatchObject({ kind: 'tool_call', tool: 'bash', command: 'ls ./rl_environment', output: 'compute_reward.py\nepisodes.log' });
  });

  test('a tool message with an error marks its action failed and keeps the error type and message', async () => {
    const [python] = (await sample('tool-errors')).actions;
    expect(python).toMatchObject({ tool: 'python', failed: true, output: "[tool error: permission] Permission denied: '/etc/shadow'" });
  });

  test("a tool call's parse_error marks it failed", async () => {
    const [, broken] = (await sample('tool-errors')).actions;
    expect(broken?.failed).toBe(true);
    expect(broken?.output).toContain("[parse error] Expecting ',' delimiter");
  });

  test('attachment:// references in text, images and reasoning are resolved from the sample', async () => {
    const transcript = await sample('attachments');
    expect(transcript.text).toContain('Here is a long prompt stored once as an attachment');
    expect(transcript.scratchpad[0]?.text).toBe('The long reasoning, stored as an attachment: the chart has twelve bars.');
    expect(transcript.text).not.toContain('attachment://');
  });

  test('a content block of an unknown type is counted by shape and its turn is marked as reasoning not read', async () => {
    const transcript = await sample('unknown-block');
    expect(transcript.unreadShapes).toEqual({ "content block of type 'hologram'": 1 });
    expect(transcript.unreadReasoning).toEqual(["message 2: content block of type 'hologram'"]);
  });

  test("a server-side tool_use block is an action with its result as output", async () => {
    const [search] = (await sample('server-tool')).actions;
    expect(search).toMatchObject({ tool: 'web_search', output: 'Team A won 3-1.' });
    expect(search?.failed).toBeUndefined();
  });

  test('image, audio, video, document and data blocks are known: placeholders, nothing counted as unread', async () => {
    const transcript = await sample('media');
    for (const placeholder of ['[image]', '[audio]', '[video]', '[document: report.pdf]', '[data]']) expect(transcript.text).toContain(placeholder);
    expect(transcript.unreadShapes).toBeUndefined();
  });

  test('a sample with no messages is rebuilt from its last model call, whose input_refs index events_data.messages', async () => {
    const transcript = await sample('pooled');
    expect(transcript.text).toContain('Pooled system prompt.');
    expect(transcript.text).toContain('Pooled question?');
    expect(transcript.scratchpad.map((span) => span.text)).toEqual(['The pool holds the prompt.']);
    expect(transcript.answer?.text).toBe('Pooled answer.');
  });

  test('every span of every shape points at its text', async () => {
    for (const transcript of await transcriptsOf(shapes)) expectSpansInText(transcript);
  });
});

describe('epochs', () => {
  test('a log with epochs: 2 gives each sample the id <id>:<epoch>', async () => {
    const ids = (await transcriptsOf(inspectLog('built/epochs.eval'))).map((transcript) => transcript.id);
    expect(ids).toEqual(['1:1', '1:2', '2:1', '2:2']);
  });

  test('a folder of logs prefixes each id with the log name, so ids stay unique across logs', async () => {
    const ids = (await transcriptsOf(inspectLog('built'))).map((transcript) => transcript.id);
    expect(ids).toContain('epochs/1:2');
    expect(ids).toContain('shapes/pooled');
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('bad Inspect input, reported with the log and the sample', () => {
  test('a sample that ended in an error is reported and not graded; the others are', async () => {
    expect(await problemsOf(shapes)).toContainEqual(expect.stringMatching(/^errored, epoch 1: the sample ended in an error in Inspect \("RuntimeError: the sandbox died"\)/));
    expect((await transcriptsOf(shapes)).length).toBe(8);
  });

  test('an attachment reference with no attachment is named with its path', async () => {
    expect(await problemsOf(shapes)).toContainEqual(expect.stringContaining('missing-attachment, epoch 1: attachment reference(s) with no entry in the sample\'s attachments: attachment://00000000000000000000000000000000 at messages.0.content'));
  });

  test('a sample file in an .eval that is not JSON is reported by name and the other samples are read', async () => {
    expect(await problemsOf(inspectLog('built/epochs.eval'))).toEqual([expect.stringMatching(/^3_epoch_1: samples\/3_epoch_1\.json is not valid JSON/)]);
  });

  test('a truncated .eval says its samples cannot be listed', async () => {
    const problems = await problemsOf(inspectLog('built/truncated.eval'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/central directory .* is missing, so its samples cannot be listed and none were read/);
  });

  test('a .json log with "samples": null says it is header-only', async () => {
    expect(await problemsOf(inspectLog('built/header-only.json'))).toEqual([expect.stringContaining('the log has no samples ("samples": null): it is header-only')]);
  });

  test('a log with status error is reported once and its completed samples are still read', async () => {
    const file = inspectLog('built/error-status.json');
    expect(await problemsOf(file)).toEqual([expect.stringContaining('the log\'s status is "error" ("RuntimeError: rate limit exhausted")')]);
    expect((await transcriptsOf(file)).map((transcript) => transcript.id)).toEqual(['1']);
  });
});
