/** 0 ok; 1 the run failed or a requested threshold was not met; 2 usage or config error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
