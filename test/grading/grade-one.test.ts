import { describe, expect, test, vi } from 'vitest';
import { TgradeError } from '../../src/errors.js';
import { gradeOne, type GradeOneOptions } from '../../src/grading/grade-one.js';
import type { AnyGrader } from '../../src/grading/grader.js';
import { instanceOf } from '../helpers/graders.js';
import { tinyRubric } from '../helpers/rubrics.js';
import { transcriptFrom } from '../helpers/transcripts.js';

const options = (): GradeOneOptions => ({ signal: new AbortController().signal, log: () => {} });
const withScratchpad = transcriptFrom('<cot>I will answer yes.</cot>');

function graderReturning(grade: AnyGrader['grade']): AnyGrader {
  return { id: 'fake', rubrics: ['tiny'], grade };
}

describe('gradeOne', () => {
  test("a label of the rubric passes through as an ok verdict", async () => {
    const grader = graderReturning(() => ({ status: 'ok', label: 'yes', evidence: [{ quote: 'yes', start: 19, end: 22 }], confidence: 0.9 }));
    const outcome = await gradeOne(withScratchpad, instanceOf(grader, tinyRubric()), options());
    expect(outcome).toEqual({ aborted: false, verdict: { status: 'ok', label: 'yes', evidence: [{ quote: 'yes', start: 19, end: 22 }], confidence: 0.9 } });
  });

  test('the grader gets the rubric, its options, its instance name, the signal and a logger', async () => {
    const grade = vi.fn<AnyGrader['grade']>(() => ({ status: 'abstain', reason: 'unsure' }));
    const rubric = tinyRubric();
    const log = vi.fn();
    const signal = new AbortController().signal;
    await gradeOne(withScratchpad, instanceOf(graderReturning(grade), rubric, { name: 'fake:tiny', options: { level: 2 } }), { signal, log });
    expect(grade).toHaveBeenCalledWith(withScratchpad, expect.objectContaining({ rubric, options: { level: 2 }, graderName: 'fake:tiny', signal }));
    grade.mock.calls[0]?.[1].log('hello');
    expect(log).toHaveBeenCalledWith('hello');
  });

  test('an abstention gets an empty evidence list when the grader gives none', async () => {
    const outcome = await gradeOne(withScratchpad, instanceOf(graderReturning(() => ({ status: 'abstain', reason: 'unsure' })), tinyRubric()), options());
    expect(outcome.verdict).toEqual({ status: 'abstain', reason: 'unsure', evidence: [] });
  });

  test('a label outside the rubric is an E_VERDICT_INVALID error naming the label and the allowed ones, with the raw output', async () => {
    const outcome = await gradeOne(withScratchpad, instanceOf(graderReturning(() => ({ status: 'ok', label: 'maybe', evidence: [] })), tinyRubric()), options());
    expect(outcome.verdict).toEqual({
      status: 'error',
      code: 'E_VERDICT_INVALID',
      error: 'label "maybe" is not one of the rubric\'s labels (yes, no)',
      raw: '{"status":"ok","label":"maybe","evidence":[]}',
    });
  });

  test('output that is not a verdict at all is an E_VERDICT_INVALID error naming the bad field', async () => {
    const outcome = await gradeOne(withScratchpad, instanceOf(graderReturning(() => ({ status: 'ok', label: 'yes' }) as never), tinyRubric()), options());
    expect(outcome.verdict).toMatchObject({ status: 'error', code: 'E_VERDICT_INVALID', error: expect.stringContaining('(at evidence)') });
  });

  test('a grader that throws gives an error verdict carrying its message', async () => {
    const outcome = await gradeOne(
      withScratchpad,
      instanceOf(
        graderReturning(() => {
          throw new Error('model output unparseable');
        }),
        tinyRubric(),
      ),
      options(),
    );
    expect(outcome).toEqual({ aborted: false, verdict: { status: 'error', error: 'model output unparseable' } });
  });

  test("a TgradeError keeps its code and the raw text it carries", async () => {
    const grader = graderReturning(async () => {
      throw new TgradeError('E_PROVIDER_RESPONSE', 'no tool call in the response', { details: { raw: 'I think yes' } });
    });
    const outcome = await gradeOne(withScratchpad, instanceOf(grader, tinyRubric()), options());
    expect(outcome.verdict).toEqual({ status: 'error', error: 'no tool call in the response', code: 'E_PROVIDER_RESPONSE', raw: 'I think yes' });
  });

  test("the rubric's emptyLabel is given without calling the grader when the parts it reads are blank", async () => {
    const grade = vi.fn(() => ({ status: 'ok' as const, label: 'yes', evidence: [] }));
    const rubric = tinyRubric({ emptyLabel: 'no' });
    for (const transcript of [transcriptFrom('<bash>ls</bash>'), transcriptFrom('<cot>  \n </cot>')]) {
      const outcome = await gradeOne(transcript, instanceOf(graderReturning(grade), rubric), options());
      expect(outcome.verdict).toEqual({ status: 'ok', label: 'no', evidence: [], flags: ['emptyInput'] });
    }
    expect(grade).not.toHaveBeenCalled();
  });

  test('without an emptyLabel the grader is called even on an empty part', async () => {
    const grade = vi.fn(() => ({ status: 'abstain' as const, reason: 'nothing to read' }));
    await gradeOne(transcriptFrom('no tags'), instanceOf(graderReturning(grade), tinyRubric()), options());
    expect(grade).toHaveBeenCalledOnce();
  });

  test('a grader stopped by the abort signal gives an aborted outcome, which is never recorded', async () => {
    const controller = new AbortController();
    const grader = graderReturning(
      (_transcript, ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
          controller.abort();
        }),
    );
    const outcome = await gradeOne(withScratchpad, instanceOf(grader, tinyRubric()), { signal: controller.signal, log: () => {} });
    expect(outcome.aborted).toBe(true);
  });
});
