import { describe, expect, test } from 'vitest';
import { inspectLog, problemsOf, transcriptById, transcriptsOf } from '../../helpers/inspect-logs.js';
import { expectSpansInText } from '../../helpers/transcripts.js';

// Logs written by Inspect itself (inspect_ai's own test data, MIT, UK AI Security Institute).
describe('Inspect logs written by Inspect', () => {
  test('an .eval log yields its sample with the source {file, sample, epoch}', async () => {
    const [transcript] = await transcriptsOf(inspectLog('real/log_formats.eval'));
    expect(transcript?.id).toBe('1');
    expect(transcript?.source).toEqual({ file: inspectLog('real/log_formats.eval'), sample: 1, epoch: 1 });
  });

  test('the .json and .eval forms of the same log read as the same transcript', async () => {
    const [fromEval] = await transcriptsOf(inspectLog('real/log_formats.eval'));
    const [fromJson] = await transcriptsOf(inspectLog('real/log_formats.json'));
    expect(fromJson?.text).toBe(fromEval?.text);
    expect(fromJson?.answer?.text).toBe('No');
  });

  test("the log's task and model and the sample's target and scores travel as metadata.inspect", async () => {
    const [transcript] = await transcriptsOf(inspectLog('real/log_formats.eval'));
    expect(transcript?.metadata['inspect']).toMatchObject({ task: 'popularity', model: 'ollama/llama3.1', sample_id: 1, epoch: 1, target: ' Yes', scores: { match: { value: 'I', answer: 'No' } } });
    expect(transcript?.metadata['label_confidence']).toBeCloseTo(0.886, 3);
  });

  test('an image attachment is resolved and shown as a placeholder, not as base64', async () => {
    const [transcript] = await transcriptsOf(inspectLog('real/log_images.json'));
    expect(transcript?.text).toContain('[image]');
    expect(transcript?.text).not.toContain('attachment://');
    expect(transcript?.text).not.toContain('base64');
    expect(await problemsOf(inspectLog('real/log_images.json'))).toEqual([]);
  });

  test('a sample of epoch 4 gets the id <id>:<epoch>', async () => {
    const [transcript] = await transcriptsOf(inspectLog('real/log_tool_call_error.json'));
    expect(transcript?.id).toBe('1:4');
  });

  test("each tool error's type and message are in the canonical text", async () => {
    const transcript = await transcriptById(inspectLog('real/log_tool_call_error.json'), '1:4');
    expect(transcript.text).toContain('[tool error: output_limit] The tool output limit of 10 MiB was exceeded.');
    expect(transcript.text.match(/\[tool error: /g)).toHaveLength(11);
  });

  test('every span of every real log points at its text', async () => {
    for (const file of ['real/log_formats.eval', 'real/log_formats.json', 'real/log_images.json', 'real/log_tool_call_error.json']) {
      for (const transcript of await transcriptsOf(inspectLog(file))) expectSpansInText(transcript);
    }
  });
});
