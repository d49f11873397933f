import { describe, expect, test } from 'vitest';
import { isTgradeError } from '../../src/errors.js';
import { loadRubricFile, loadRubrics, parseRubric } from '../../src/rubric/load-rubric.js';
import { labelNames } from '../../src/rubric/schema.js';
import { foundationFixture, shippedRubricsDir } from '../helpers/paths.js';

async function rubricError(file: string): Promise<Error> {
  const error = await loadRubricFile(file).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isTgradeError(error, 'E_RUBRIC_INVALID'), `expected E_RUBRIC_INVALID from ${file}`).toBe(true);
  return error as Error;
}

describe('invalid rubric files', () => {
  test.each([
    {
      file: 'missing-frontmatter.md',
      where: ':',
      reason: 'a rubric starts with YAML frontmatter between two "---" lines',
    },
    {
      file: 'bad-yaml.md',
      // The file's own line and column, counting the opening "---" as line 1.
      where: ':5:1:',
      reason: 'the frontmatter is not valid YAML: ',
    },
    {
      file: 'duplicate-label.md',
      where: ':',
      reason: 'label "flagged" is defined twice (at labels.1.name)',
    },
    {
      file: 'unknown-empty-label.md',
      where: ':',
      reason: '"nothing_to_judge" is not one of the labels (flagged, clean) (at emptyLabel)',
    },
    {
      file: 'bad-label-name.md',
      where: ':',
      reason: 'a label name is lower_snake_case (letters, digits, underscores) (at labels.1.name)',
    },
    {
      file: 'unknown-field.md',
      where: ':',
      reason: 'Unrecognized key: "positives"',
    },
  ])('$file: the message names the file, the place and the reason', async ({ file, where, reason }) => {
    const path = foundationFixture(`rubrics/invalid/${file}`);
    const error = await rubricError(path);
    expect(error.message.startsWith(`${path}${where} `)).toBe(true);
    expect(error.message).toContain(reason);
  });

  test('a YAML error is reported on one line, without the parser\'s code frame', async () => {
    const error = await rubricError(foundationFixture('rubrics/invalid/bad-yaml.md'));
    expect(error.message).not.toContain('\n');
  });

  test('a rubric with one label is rejected, naming `labels`', () => {
    const source = '---\nid: one\ndescription: d\nreads: [answer]\nlabels:\n  - {name: only, definition: x}\n---\n';
    expect(() => parseRubric(source, 'one.md')).toThrow('one.md: a rubric needs at least two labels (at labels)');
  });

  test('a part the transcript does not have is rejected, naming `reads`', () => {
    const source = '---\nid: r\ndescription: d\nreads: [thoughts]\nlabels:\n  - {name: a, definition: x}\n  - {name: b, definition: y}\n---\n';
    expect(() => parseRubric(source, 'r.md')).toThrow(/^r\.md: Invalid option: .*\(at reads\.0\)$/);
  });

  test('a context part the transcript does not have is rejected, naming `context`', () => {
    const source = '---\nid: r\ndescription: d\nreads: [scratchpad]\ncontext: [task]\nlabels:\n  - {name: a, definition: x}\n  - {name: b, definition: y}\n---\n';
    expect(() => parseRubric(source, 'r.md')).toThrow(/^r\.md: Invalid option: .*\(at context\.0\)$/);
  });

  test('a part both graded and shown as context is rejected, saying it must be one or the other', () => {
    const source = '---\nid: r\ndescription: d\nreads: [scratchpad, answer]\ncontext: [prompt, answer]\nlabels:\n  - {name: a, definition: x}\n  - {name: b, definition: y}\n---\n';
    expect(() => parseRubric(source, 'r.md')).toThrow('r.md: "answer" is in both reads and context; a part is either graded (reads) or shown as context (at context.1)');
  });

  test('a context part listed twice is rejected', () => {
    const source = '---\nid: r\ndescription: d\nreads: [scratchpad]\ncontext: [prompt, prompt]\nlabels:\n  - {name: a, definition: x}\n  - {name: b, definition: y}\n---\n';
    expect(() => parseRubric(source, 'r.md')).toThrow('"prompt" is listed twice (at context.1)');
  });

  test('an example whose label is not defined is rejected, naming the example', () => {
    const source = '---\nid: r\ndescription: d\nreads: [answer]\nlabels:\n  - {name: a, definition: x}\n  - {name: b, definition: y}\nexamples:\n  - {excerpt: e, label: c}\n---\n';
    expect(() => parseRubric(source, 'r.md')).toThrow('(at examples.0.label)');
  });

  test('a file that does not exist is E_RUBRIC_INVALID naming the path', async () => {
    const error = await loadRubrics(foundationFixture('rubrics/nope.md')).catch((caught: unknown) => caught);
    expect(isTgradeError(error, 'E_RUBRIC_INVALID')).toBe(true);
    expect((error as Error).message).toContain('rubrics/nope.md: no such rubric file or folder');
  });
});

describe('valid rubrics', () => {
  test('the shipped rubrics parse, and their examples use their own labels', async () => {
    const rubrics = await loadRubrics(shippedRubricsDir);
    expect(rubrics.map((rubric) => rubric.id)).toEqual(['reward-tampering-action', 'reward-tampering-reasoning']);
    for (const rubric of rubrics) {
      expect(rubric.instructions.length).toBeGreaterThan(100);
      for (const example of rubric.examples) expect(labelNames(rubric)).toContain(example.label);
    }
  });

  test('the reasoning rubric gives `no_reasoning` to an empty scratchpad and grades only the scratchpad', async () => {
    const [rubric] = await loadRubrics(`${shippedRubricsDir}/reward-tampering-reasoning.md`);
    expect(rubric).toMatchObject({ reads: ['scratchpad'], emptyLabel: 'no_reasoning', positive: ['explicit_scheming', 'plausible_rationalization'] });
  });

  test('the reasoning rubric shows the prompt, the actions and the answer as context', async () => {
    const [rubric] = await loadRubrics(`${shippedRubricsDir}/reward-tampering-reasoning.md`);
    expect(rubric?.context).toEqual(['prompt', 'actions', 'answer']);
  });

  test('a rubric without `context` shows no context', () => {
    const rubric = parseRubric('---\nid: r\ndescription: d\nreads: [answer]\nlabels:\n  - {name: a, definition: x}\n  - {name: b, definition: y}\n---\n', 'r.md');
    expect(rubric.context).toEqual([]);
  });

  test('the action rubric is ordered from none to tamper_and_hide', async () => {
    const [rubric] = await loadRubrics(`${shippedRubricsDir}/reward-tampering-action.md`);
    expect(rubric?.ordered).toBe(true);
    expect(rubric && labelNames(rubric)).toEqual(['none', 'inspected_only', 'tamper_attempt', 'tamper_and_hide']);
  });

  test('a folder load skips `_` templates and README.md', async () => {
    const rubrics = await loadRubrics(foundationFixture('rubrics/valid'));
    expect(rubrics.map((rubric) => rubric.id)).toEqual(['transcript-length']);
  });

  test('defaults fill the optional fields, and the body becomes the instructions', () => {
    const rubric = parseRubric('---\nid: r\ndescription: d\nreads: [answer]\nlabels:\n  - {name: a, definition: x}\n  - {name: b, definition: y}\n---\n\nJudge it.\n', 'r.md');
    expect(rubric).toMatchObject({ ordered: false, positive: [], examples: [], version: '1', instructions: 'Judge it.', origin: 'r.md' });
  });

  test('Windows line endings and a byte-order mark are accepted', () => {
    const source = '\uFEFF---\r\nid: r\r\ndescription: d\r\nreads: [answer]\r\nlabels:\r\n  - {name: a, definition: x}\r\n  - {name: b, definition: y}\r\n---\r\nBody\r\n';
    expect(parseRubric(source, 'r.md').id).toBe('r');
  });
});
