import { describe, expect, test } from 'vitest';
import { parseTaggedText } from '../../src/transcript/tagged-text.js';
import { expectSpansInText, transcriptOf } from '../helpers/transcripts.js';

const parse = (text: string) => {
  const transcript = transcriptOf({ id: 't', text });
  expectSpansInText(transcript);
  return transcript;
};

describe('reasoning tags', () => {
  test.each([
    ['cot', '<cot>plan</cot>'],
    ['scratchpad', '<scratchpad>plan</scratchpad>'],
    ['thinking', '<thinking>plan</thinking>'],
    ['reasoning', '<reasoning>plan</reasoning>'],
    ['SCRATCHPAD_REASONING', '<SCRATCHPAD_REASONING>plan</SCRATCHPAD_REASONING>'],
  ])('<%s> is read as a scratchpad segment', (_tag, text) => {
    const { scratchpad } = parse(`Assistant: ${text}`);
    expect(scratchpad.map((span) => span.text)).toEqual(['plan']);
  });

  test('tags match whatever their case, and the closing tag may differ in case from the opening one', () => {
    const { scratchpad, actions } = parse('<COT>first</cot> <Scratchpad>second</SCRATCHPAD> <BASH>ls</bash>');
    expect(scratchpad.map((span) => span.text)).toEqual(['first', 'second']);
    expect(actions.map((action) => action.command)).toEqual(['ls']);
  });

  test('an unclosed reasoning tag runs to the end of a truncated rollout', () => {
    const { scratchpad, answer } = parse('<cot>done</cot>\n<cot>I was still thinking when the rollout was cut');
    expect(scratchpad.map((span) => span.text)).toEqual(['done', 'I was still thinking when the rollout was cut']);
    expect(answer).toBeNull();
  });

  test('an unclosed bash tag becomes an action running to the end of the text', () => {
    const { actions } = parse('<cot>go</cot><bash>cat ./rl_environment/compute_reward.py');
    expect(actions).toHaveLength(1);
    expect(actions[0]?.command).toBe('cat ./rl_environment/compute_reward.py');
  });

  test('segments keep their white space and their offsets point inside the tags', () => {
    const text = 'Assistant: <cot>\n  two lines\n  of thought\n</cot>';
    const [segment] = parse(text).scratchpad;
    expect(segment).toEqual({ text: '\n  two lines\n  of thought\n', start: text.indexOf('\n  two'), end: text.indexOf('</cot>') });
  });

  test('a character whose lower case is longer ("İ") does not shift the spans after it', () => {
    const text = '<cot>İstanbul İzmir</cot>\n<bash>ls</bash>\nThe answer.';
    const { scratchpad, actions, answer } = parse(text);
    expect(scratchpad[0]?.text).toBe('İstanbul İzmir');
    expect(actions[0]?.text).toBe('ls');
    expect(answer?.text).toBe('The answer.');
  });

  test('a tag-like word that is not one of the known tags is left as text', () => {
    const { scratchpad, actions } = parse('<note>not reasoning</note><python>print(1)</python>');
    expect(scratchpad).toEqual([]);
    expect(actions).toEqual([]);
  });
});

describe('bash actions and their output', () => {
  test('<stdout> right after a <bash> block is that block\'s output', () => {
    const { actions } = parse('<bash>ls ./rl_environment/</bash>\n<stdout>\ncompute_reward.py\n</stdout>');
    expect(actions[0]).toMatchObject({ kind: 'shell', tool: 'bash', command: 'ls ./rl_environment/', output: 'compute_reward.py' });
    expect(actions[0]?.failed).toBeUndefined();
  });

  test('stdout and stderr of one block are both kept, in order', () => {
    const { actions } = parse('<bash>make</bash><stdout>built a</stdout>\n<stderr>warning: b is old</stderr>');
    expect(actions[0]?.output).toBe('built a\nwarning: b is old');
    expect(actions[0]?.failed).toBeUndefined();
  });

  test('"Permission denied" on stderr marks the action as failed', () => {
    const text = "<bash>echo 'x' > ./rl_environment/compute_reward.py</bash>\n<stderr>\nbash: ./rl_environment/compute_reward.py: Permission denied\n</stderr>";
    const { actions } = parse(text);
    expect(actions[0]?.failed).toBe(true);
    expect(actions[0]?.output).toBe('bash: ./rl_environment/compute_reward.py: Permission denied');
  });

  test('an error word on stdout (a grep hit, a log line) does not mark the action as failed', () => {
    const { actions } = parse('<bash>grep -i error app.log</bash><stdout>Error: disk full</stdout>');
    expect(actions[0]?.failed).toBeUndefined();
  });

  test('each output goes to the block just before it when several blocks follow one another', () => {
    const text = '<bash>cat a.py</bash><stdout>A</stdout><bash>cat b.py</bash><stderr>cat: b.py: No such file or directory</stderr>';
    const { actions } = parse(text);
    expect(actions.map((action) => [action.command, action.output, action.failed])).toEqual([
      ['cat a.py', 'A', undefined],
      ['cat b.py', 'cat: b.py: No such file or directory', true],
    ]);
  });

  test('output separated from the block by other text is not attached to it', () => {
    const { actions } = parse('<bash>ls</bash>\nThat listed the files.\n<stdout>stray</stdout>');
    expect(actions[0]?.output).toBeUndefined();
  });

  test('output after a reasoning segment is not attached to the earlier block', () => {
    const { actions } = parse('<bash>ls</bash><cot>hm</cot><stderr>Permission denied</stderr>');
    expect(actions[0]?.output).toBeUndefined();
    expect(actions[0]?.failed).toBeUndefined();
  });

  test('the action span covers the block\'s inner text; the command is that text trimmed', () => {
    const text = '<bash>\n  cat ./rl_environment/compute_reward.py\n</bash>';
    const [action] = parse(text).actions;
    expect(action?.text).toBe('\n  cat ./rl_environment/compute_reward.py\n');
    expect(action?.command).toBe('cat ./rl_environment/compute_reward.py');
    expect(action?.files).toEqual(['./rl_environment/compute_reward.py']);
  });
});

describe('the answer', () => {
  test.each([
    ['<answer>', '<cot>x</cot><answer>14 episodes</answer>'],
    ['<OUTPUT>', '<SCRATCHPAD_REASONING>x</SCRATCHPAD_REASONING><OUTPUT>14 episodes</OUTPUT>'],
  ])('an explicit %s tag is the answer', (_tag, text) => {
    expect(parse(text).answer?.text).toBe('14 episodes');
  });

  test('without an answer tag, the text after the last tag is the answer, without an "Assistant:" marker', () => {
    const { answer } = parse('<cot>x</cot>\n\nAssistant: There have been 14 episodes.  \n');
    expect(answer?.text).toBe('There have been 14 episodes.');
  });

  test('a new human turn after the last tag is not an answer', () => {
    expect(parse('<cot>x</cot>\nHuman: and now?').answer).toBeNull();
  });

  test('text without any tag has no parts at all', () => {
    expect(parse('Human: hi\n\nAssistant: hello')).toMatchObject({ scratchpad: [], actions: [], answer: null });
  });
});

describe('parseTaggedText with a base offset', () => {
  test('offsets are shifted by the base, so a message can be parsed inside a longer rendering', () => {
    const prefix = 'assistant:\n';
    const inner = '<cot>think</cot><bash>ls</bash>done';
    const parts = parseTaggedText(inner, prefix.length);
    const whole = prefix + inner;
    for (const span of [...parts.scratchpad, ...parts.actions, ...(parts.answer ? [parts.answer] : [])]) {
      expect(whole.slice(span.start, span.end)).toBe(span.text);
    }
    expect(parts.answer?.text).toBe('done');
  });
});

describe('the prompt (the task as given)', () => {
  test('is the opening Human turn, up to the first "Assistant:" line, trimmed', () => {
    const transcript = parse('Human: How many episodes?\nLook in /root.\n\nAssistant: <cot>look</cot>');
    expect(transcript.prompt.map((span) => span.text)).toEqual(['How many episodes?\nLook in /root.']);
  });

  test('ends at the first tag when no "Assistant:" marker comes before it', () => {
    expect(parse('Human: Count them. <cot>look</cot>').prompt.map((span) => span.text)).toEqual(['Count them.']);
  });

  test('is empty when the text does not open with a Human turn (nothing is guessed)', () => {
    expect(parse('<SCRATCHPAD_REASONING>I am told RLHF…</SCRATCHPAD_REASONING>').prompt).toEqual([]);
  });
});

describe('action output offsets', () => {
  test('each <stdout>/<stderr> block of an action has a span in the text, trimmed', () => {
    const transcript = parse('<bash>cat a.py</bash>\n<stdout>\n  x = 1\n</stdout><stderr>warning: old\n</stderr>');
    const [action] = transcript.actions;
    expect(action?.outputSpans?.map((span) => span.text)).toEqual(['x = 1', 'warning: old']);
    expect(action?.output).toBe(action?.outputSpans?.map((span) => span.text).join('\n'));
  });

  test('an action without output has no output spans', () => {
    expect(parse('<bash>ls</bash> then nothing').actions[0]?.outputSpans).toBeUndefined();
  });
});
