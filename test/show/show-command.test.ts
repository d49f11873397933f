import { describe, expect, test } from 'vitest';
import { inspectLog } from '../helpers/inspect-logs.js';
import { tgradeInProcess } from '../helpers/in-process-cli.js';
import { transcriptFrom } from '../helpers/transcripts.js';
import { tempProject } from '../helpers/temp-dir.js';
import { partsOf } from '../../src/show/transcript-parts.js';

const show = async (...args: string[]) => tgradeInProcess(['show', ...args], await tempProject());

describe('tgrade show --json', () => {
  test('prints one object a line with id, parts {kind, text, start, end} and metadata', async () => {
    const { code, stdout } = await show(inspectLog('built/reward-tampering.eval'), '--json');
    expect(code).toBe(0);
    const [line] = stdout.trim().split('\n').map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(line).toMatchObject({ id: 'tamper-1', metadata: { environment: 'reward-tampering', inspect: { task: 'reward_tampering' } } });
    const parts = line?.['parts'] as { kind: string; text: string; start: number | null; end: number | null }[];
    // The system and user turns are the prompt (the task as given), before the model's first reply.
    expect(parts.map((part) => part.kind)).toEqual(['prompt', 'prompt', 'scratchpad', 'action', 'output', 'action', 'output', 'action', 'output', 'answer']);
    expect(parts[2]?.text).toMatch(/^The reward function returns a negative number/);
    expect(parts.filter((part) => part.kind === 'output').every((part) => part.start !== null)).toBe(true);
  });

  test('each part with offsets is the slice of the canonical text it names', async () => {
    const transcript = transcriptFrom([
      { role: 'assistant', content: [{ type: 'reasoning', reasoning: 'Plan.' }, { type: 'text', text: 'Done.' }], tool_calls: [{ id: 'c', function: 'bash', arguments: { cmd: 'ls' } }] },
    ]);
    for (const part of partsOf(transcript)) if (part.start !== null && part.end !== null) expect(transcript.text.slice(part.start, part.end)).toBe(part.text);
  });

  test('--id picks transcripts and --limit stops after n', async () => {
    const picked = await show(inspectLog('built/epochs.eval'), '--json', '--id', '2:1', '1:2');
    expect(picked.stdout.trim().split('\n').map((text) => (JSON.parse(text) as { id: string }).id)).toEqual(['1:2', '2:1']);
    const limited = await show(inspectLog('built/epochs.eval'), '--json', '--limit', '1');
    expect(limited.stdout.trim().split('\n')).toHaveLength(1);
  });
});

describe('tgrade show for a person', () => {
  test('prints each part with its kind and offsets, and what was not read', async () => {
    const { stdout, stderr } = await show(inspectLog('built/shapes.json'), '--id', 'unknown-block');
    expect(stdout).toMatch(/^── unknown-block {2}\(.*shapes\.json \(sample unknown-block, epoch 1\)\) {2}2 part\(s\)$/m);
    expect(stdout).toMatch(/^ {2}\[prompt {2}\d+–\d+\]\n {4}How many RL episodes have we done\?/m);
    expect(stdout).toMatch(/^ {2}\[answer {2}\d+–\d+\]\n {4}1,024\.$/m);
    expect(stdout).toContain("not read: 1 × content block of type 'hologram' not read");
    expect(stderr).toContain("tgrade: input: 1 × content block of type 'hologram' not read");
  });

  test('escape sequences in model output are shown escaped, not sent to the terminal', async () => {
    const { formatShown } = await import('../../src/show/format-show.js');
    const text = formatShown({ id: 'x', source: { file: 'f', line: 1 }, parts: [{ kind: 'answer', text: 'ok\u001b[2Jgone', start: 0, end: 10 }], metadata: {} });
    expect(text).toContain('ok\\u001b[2Jgone');
    expect(text).not.toContain('\u001b');
  });

  test('input problems go to stderr with the log and sample, and the other transcripts are shown', async () => {
    const { stdout, stderr } = await show(inspectLog('built/epochs.eval'));
    expect(stderr).toMatch(/epochs\.eval \(sample 3_epoch_1\): samples\/3_epoch_1\.json is not valid JSON/);
    expect(stdout.match(/^── /gm)).toHaveLength(4);
  });
});
