import { readLines } from '../transcript/jsonl-lines.js';
import type { BatchBackend, BatchLimits } from './batch-backend.js';
import type { SpoolGroup, SpooledRequest } from './batch-llm.js';
import type { BatchJobEvent } from './batch-poller.js';
import type { BatchState } from './batch-state.js';
import type { RequestLog } from './request-log.js';

/**
 * Puts the spooled requests into batches, each within the provider's request-count and size
 * limits, and records every batch (its requests in the log, itself in the state saved through
 * `onChange`) the moment the provider accepts it, so a crash right after leaves the id on disk for
 * the next run to poll. A request too large for any batch is recorded as that request's error
 * instead.
 */
export async function submitSpool(
  groups: readonly SpoolGroup[],
  state: BatchState,
  log: RequestLog,
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
      // The requests first: a crash between the two leaves log lines for a batch the state never
      // names, which nothing reads; the other order would leave a saved batch with unknown requests.
      log.append(sent.id, chunk);
      state.batches.push(batch);
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
