/**
 * First Ctrl-C: abort politely (in-flight verdicts finish or are dropped whole; nothing half-written).
 * Second Ctrl-C: quit at once — the results file is still whole, because records are single writes.
 */
export function onInterrupt(onFirst: () => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) process.exit(130);
    onFirst();
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
