import { normalizeRecord } from '../normalize.js';
import type { TranscriptOrProblem } from '../input-problem.js';
import { resolveAttachments } from './attachments.js';
import { isObject, type InspectLogHeader } from './log-items.js';
import { messagesFromEvents } from './pooled-messages.js';

export interface SampleContext {
  /** The log file, as the user named it (or as found in the folder). */
  file: string;
  header: InspectLogHeader;
  /** Put before every id of this log when several logs are read together (`<log>/`). */
  idPrefix: string;
}

/**
 * One Inspect EvalSample (inspect_ai `log/_log.py`) → one transcript, or a problem naming the log
 * and the sample. The id is the sample id, with `:<epoch>` when the log ran more than one epoch;
 * the source is `{file, sample, epoch}`; the log's task and model and the sample's target and
 * scores travel as `metadata.inspect`, the sample's own metadata as the transcript's metadata.
 */
export function mapSample(sample: unknown, context: SampleContext, name?: string): TranscriptOrProblem {
  const { file } = context;
  const problem = (message: string, sampleName = name): TranscriptOrProblem => ({ ok: false, problem: { file, ...(sampleName === undefined ? {} : { sample: sampleName }), message } });
  if (!isObject(sample)) return problem('the sample is not a JSON object');
  const rawId = sample['id'];
  if (!(typeof rawId === 'string' && rawId !== '') && typeof rawId !== 'number') return problem('the sample has no `id`');
  const epoch = typeof sample['epoch'] === 'number' && sample['epoch'] >= 1 ? sample['epoch'] : 1;
  const sampleName = `${rawId}, epoch ${epoch}`;
  const error = sample['error'];
  if (isObject(error)) {
    const message = typeof error['message'] === 'string' ? error['message'].split('\n')[0] : 'no message';
    return problem(`the sample ended in an error in Inspect ("${message}"); its transcript may stop part-way, so it is not graded`, sampleName);
  }
  let messages: unknown = sample['messages'];
  if (!Array.isArray(messages) || messages.length === 0) messages = messagesFromEvents(sample);
  if (!Array.isArray(messages) || messages.length === 0) return problem('the sample has no messages, and none could be rebuilt from its model events', sampleName);
  const attachments = isObject(sample['attachments']) ? sample['attachments'] : {};
  const resolved = resolveAttachments(messages, attachments);
  if (resolved.missing.length > 0) {
    const shown = resolved.missing.slice(0, 3).join('; ');
    const more = resolved.missing.length > 3 ? ` and ${resolved.missing.length - 3} more` : '';
    return problem(`attachment reference(s) with no entry in the sample's attachments: ${shown}${more}; the sample is not graded on a placeholder`, sampleName);
  }
  const multiEpoch = (context.header.eval?.config?.epochs ?? 1) > 1 || epoch > 1;
  const id = `${context.idPrefix}${rawId}${multiEpoch ? `:${epoch}` : ''}`;
  const metadata: Record<string, unknown> = isObject(sample['metadata']) ? { ...sample['metadata'] } : {};
  metadata['inspect'] = inspectMetadata(sample, context, rawId, epoch);
  const record = { id, messages: resolved.value, metadata };
  const normalized = normalizeRecord(record, { file, sample: rawId, epoch }, id);
  if (!normalized.ok) return problem(`its messages are not in a shape tgrade reads: ${normalized.error}`, sampleName);
  return { ...normalized, record };
}

function inspectMetadata(sample: Record<string, unknown>, context: SampleContext, id: string | number, epoch: number): Record<string, unknown> {
  const spec = context.header.eval;
  const fields: Record<string, unknown> = { log: context.file, sample_id: id, epoch };
  if (spec?.task !== undefined) fields['task'] = spec.task;
  if (spec?.model !== undefined) fields['model'] = spec.model;
  if (spec?.run_id !== undefined) fields['run_id'] = spec.run_id;
  if (context.header.status !== undefined) fields['log_status'] = context.header.status;
  if (sample['target'] !== undefined) fields['target'] = sample['target'];
  if (isObject(sample['scores'])) fields['scores'] = sample['scores'];
  return fields;
}
