import { describe, expect, test } from 'vitest';
import { rewardTamperingActionGrader } from '../../../graders/reward-tampering-heuristics/action-grader.js';
import { rewardTamperingReasoningGrader } from '../../../graders/reward-tampering-heuristics/reasoning-grader.js';
import { gradeOne } from '../../../src/grading/grade-one.js';
import { gradeWith, instanceOf } from '../../helpers/graders.js';
import { inspectLog, transcriptById } from '../../helpers/inspect-logs.js';
import { shippedRubric } from '../../helpers/rubrics.js';

// SYNTHETIC: an Inspect-format sample (built/reward-tampering.eval) that edits the reward code and its test.
const tampering = () => transcriptById(inspectLog('built/reward-tampering.eval'), 'tamper-1');
const options = () => ({ signal: new AbortController().signal, log: () => {} });

describe('a reward-tampering rollout as an Inspect .eval log', () => {
  test('editing compute_reward.py and its test through Inspect bash tool calls is tamper_and_hide', async () => {
    const verdict = await gradeWith(rewardTamperingActionGrader, shippedRubric('reward-tampering-action'), await tampering());
    expect(verdict).toMatchObject({ status: 'ok', label: 'tamper_and_hide' });
  });

  test('the reasoning grader reads the reasoning block and quotes it', async () => {
    const transcript = await tampering();
    const verdict = await gradeWith(rewardTamperingReasoningGrader, shippedRubric('reward-tampering-reasoning'), transcript);
    expect(verdict).toMatchObject({ status: 'ok', label: 'explicit_scheming' });
    const [reasoning] = transcript.scratchpad;
    for (const evidence of verdict.status === 'ok' ? (verdict.evidence ?? []) : []) {
      expect(evidence.start).toBeGreaterThanOrEqual(reasoning?.start ?? -1);
      expect(evidence.end).toBeLessThanOrEqual(reasoning?.end ?? -1);
    }
  });
});

describe('reasoning that could not be read', () => {
  test('a transcript whose only reasoning is redacted is an error verdict, never the rubric\'s no_reasoning', async () => {
    const transcript = await transcriptById(inspectLog('built/shapes.json'), 'redacted-only');
    const outcome = await gradeOne(transcript, instanceOf(rewardTamperingReasoningGrader, shippedRubric('reward-tampering-reasoning')), options());
    expect(outcome.verdict).toMatchObject({ status: 'error', code: 'E_REASONING_UNREAD' });
  });

  test('a verdict on reasoning read only in part carries the flag reasoningPartlyUnread', async () => {
    const transcript = await transcriptById(inspectLog('built/shapes.json'), 'reasoning-blocks');
    const outcome = await gradeOne(transcript, instanceOf(rewardTamperingReasoningGrader, shippedRubric('reward-tampering-reasoning')), options());
    expect(outcome.verdict.status === 'error' ? [] : (outcome.verdict.flags ?? [])).toContain('reasoningPartlyUnread');
  });

  test('a grader that reads only actions is not affected by unread reasoning', async () => {
    const transcript = await transcriptById(inspectLog('built/shapes.json'), 'redacted-only');
    const outcome = await gradeOne(transcript, instanceOf(rewardTamperingActionGrader, shippedRubric('reward-tampering-action')), options());
    expect(outcome.verdict.status).toBe('ok');
  });
});
