import { readLines } from '../transcript/jsonl-lines.js';
import type { BatchBackend, BatchLimits } from './batch-backend.js';
import type { SpoolGroup, SpooledRequest } from './batch-llm.js';
import type { BatchJobEvent } from './batch-poller.js';
import type { BatchState } from './batch-state.js';

/**
 * Puts the spooled requests into batches, each within the provider's request-count and size
 * limits, and records every batch in the state (saved through `onChange`) the moment the provider
 * accepts it, so a crash right after leaves the id on disk for the next run to poll. A request
 * too large for any batch is recorded as that request's error instead.
 */
export async function submitSpool(
  groups: readonly SpoolGroup[],
  state: BatchState,
  backendOf: (group: SpoolGroup) => BatchBackend,
  options: { signal?: AbortSignal; onChange: (event: BatchJobEvent) => Promise<void> },
): Promise<{ batches: number; requests: number }> {
  let batches = 0;
  let requests = 0;
  for (const group of groups) {
    const backend = backendOf(group);
    let chunk: SpooledRequest[] = [];
    let bytes = 0;
    const send = async () => {
      if (chunk.length === 0) return;
      const sent = await backend.submit(chunk, options.signal);
      const batch = {
        id: sent.id,
        provider: backend.provider,
        model: group.settings.model,
        ...(group.settings.baseURL === undefined ? {} : { baseURL: group.settings.baseURL }),
        ...(group.settings.apiKeyEnv === undefined ? {} : { apiKeyEnv: group.settings.apiKeyEnv }),
        ...(sent.inputFileId === undefined ? {} : { inputFileId: sent.inputFileId }),
        requests: chunk.length,
        status: 'submitted' as const,
        providerStatus: sent.providerStatus,
        submittedAt: new Date().toISOString(),
      };
      state.batches.push(batch);
      for (const request of chunk) state.requests[request.customId] = { batch: sent.id, grader: request.grader, sample: request.sample, prompt: request.prompt };
      await options.onChange({ type: 'submitted', batch });
      batches += 1;
      requests += chunk.length;
      chunk = [];
      bytes = 0;
    };
    for await (const { text } of readLines(group.file)) {
      if (options.signal?.aborted) return { batches, requests };
      const request = JSON.parse(text) as SpooledRequest;
      const size = backend.requestBytes(request);
      if (size > backend.limits.maxBytes) {
        state.errors[request.customId] = { code: 'E_BATCH', message: tooLarge(size, backend.limits, backend.provider) };
        continue;
      }
      if (chunk.length >= backend.limits.maxRequests || bytes + size > backend.limits.maxBytes) await send();
      chunk.push(request);
      bytes += size;
    }
    if (options.signal?.aborted) return { batches, requests };
    await send();
  }
  return { batches, requests };
}

function tooLarge(size: number, limits: BatchLimits, provider: string): string {
  const mb = (value: number) => `${(value / 1024 / 1024).toFixed(1)} MB`;
  return `this request is ${mb(size)}, over the ${provider} per-batch limit of ${mb(limits.maxBytes)}; grade it live (without --batch)`;
}
