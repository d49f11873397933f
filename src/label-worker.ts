import { workerData } from 'node:worker_threads';
import { loadSetup, type SetupOptions } from './config/setup.js';
import type { GraderInstance } from './grading/grader-instance.js';
import { snapshotPairs, type PoolItem, type PoolItemResult } from './grading/pooled-grading.js';
import { gradeTranscriptSteps, type ActiveGrader, type TranscriptStep } from './grading/transcript-steps.js';

/**
 * A worker thread of `tgrade label --jobs n` (label-pool.ts): loads the run's setup once (config,
 * plugins, rubrics: graders are code, so each thread loads its own) and grades batches of
 * transcripts with the run's graders, in order, each transcript's graders one after the other.
 */
const setupOptions = (workerData as { setupOptions: SetupOptions }).setupOptions;
const instancesByName: Promise<Map<string, GraderInstance>> = loadSetup(setupOptions).then((setup) => new Map(setup.instances.map((instance) => [instance.name, instance])));
// Nothing aborts a batch in a worker: the run stops sending batches and ignores what comes back.
const neverAborted = new AbortController().signal;
let logs: string[] = [];
const log = (message: string) => void logs.push(message);

export default async function gradeBatch({ graders, items: itemsJson }: { graders: readonly string[]; items: string }): Promise<PoolItemResult[]> {
  const items = JSON.parse(itemsJson) as PoolItem[];
  const instances = await instancesByName;
  const active: ActiveGrader[] = graders.map((name) => {
    const instance = instances.get(name);
    if (instance === undefined) throw new Error(`worker: no grader named ${name} in the run's setup`);
    return { instance, grading: { signal: neverAborted, log } };
  });
  const results: PoolItemResult[] = [];
  for (const item of items) {
    const steps: TranscriptStep[] = [];
    logs = [];
    await gradeTranscriptSteps(item.transcript, active, snapshotPairs(item), neverAborted, (step) => {
      steps.push(step);
      return true;
    });
    results.push({ steps, logs });
  }
  return results;
}
