/**
 * A clock for injection (`now`, `sleep`) whose time moves only when every pending task has gone as far
 * as it can: `run(work)` then wakes the earliest sleeper, sets the time to its wake-up, and repeats.
 * Concurrent sleepers therefore overlap as they would in real time, and nothing waits on the wall clock.
 */
export function virtualClock() {
  let time = 0;
  const sleepers: { wake: number; resolve: () => void }[] = [];
  return {
    now: () => time,
    sleep: (ms: number) => new Promise<void>((resolve) => sleepers.push({ wake: time + ms, resolve })),
    async run<T>(work: Promise<T>): Promise<T> {
      let done = false;
      const settled = work.finally(() => {
        done = true;
      });
      settled.catch(() => {});
      for (;;) {
        // setImmediate runs after all pending microtasks and lets I/O (msw) progress.
        await new Promise((resolve) => setImmediate(resolve));
        if (done) return work;
        sleepers.sort((a, b) => a.wake - b.wake);
        const next = sleepers.shift();
        if (next) {
          time = Math.max(time, next.wake);
          next.resolve();
        }
      }
    },
  };
}
