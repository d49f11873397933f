import { workerData } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { loadSetup, type SetupOptions } from './config/setup.js';
import type { GraderInstance } from './grading/grader-instance.js';
import { gradeLineBatch, type LineBatch } from './grading/line-grading.js';
import { snapshotPairs, type PoolItem, type PoolItemResult } from './grading/pooled-grading.js';
import { gradeTranscriptSteps, type ActiveGrader, type TranscriptStep } from './grading/transcript-steps.js';
import { inShard, type ShardSpec } from './shard/shard-spec.js';
import { ResumeIndex, type ResumeIndexSnapshot } from './store/resume-index.js';

/**
 * A worker thread of `tgrade label --jobs n` (label-pool.ts): loads the run's setup once (config,
 * plugins, rubrics: graders are code, so each thread loads its own) and grades batches with the
 * run's graders, each transcript's graders one after the other: lines of a JSONL file (read,
 * normalized, graded and encoded here), or transcripts the run read itself (Inspect logs).
 */
export interface LabelWorkerData {
  setupOptions: SetupOptions;
  /** The results file as the run opened it (a resumed run skips its finished pairs). */
  resume: ResumeIndexSnapshot;
  shard?: ShardSpec;
}

const data = workerData as LabelWorkerData;
const instancesByName: Promise<Map<string, GraderInstance>> = loadSetup(data.setupOptions).then((setup) => new Map(setup.instances.map((instance) => [instance.name, instance])));
// Nothing aborts a batch in a worker: the run stops sending batches and ignores what comes back.
const neverAborted = new AbortController().signal;
const logs: string[] = [];
const log = (message: string) => void logs.push(message);
const finishedAtOpen = ResumeIndex.fromSnapshot(data.resume);
const { shard } = data;
const keepId = shard === undefined ? undefined : (id: string) => inShard(id, shard);

async function activeGraders(graders: readonly string[]): Promise<ActiveGrader[]> {
  const instances = await instancesByName;
  return graders.map((name) => {
    const instance = instances.get(name);
    if (instance === undefined) throw new Error(`worker: no grader named ${name} in the run's setup`);
    return { instance, grading: { signal: neverAborted, log } };
  });
}

/** The batch's records go back as one transferred buffer: the run writes them without a copy. */
export async function gradeLines(batch: LineBatch): Promise<unknown> {
  const active = await activeGraders(batch.graders);
  const graded = await gradeLineBatch(batch, { active, finished: finishedAtOpen, logs, signal: neverAborted, ...(keepId === undefined ? {} : { keepId }) });
  return move({
    get [transferableSymbol]() {
      return [graded.records.buffer];
    },
    get [valueSymbol]() {
      return graded;
    },
  });
}

export async function gradeTranscripts({ graders, items: itemsJson }: { graders: readonly string[]; items: string }): Promise<PoolItemResult[]> {
  const items = JSON.parse(itemsJson) as PoolItem[];
  const active = await activeGraders(graders);
  const results: PoolItemResult[] = [];
  for (const item of items) {
    const steps: TranscriptStep[] = [];
    logs.length = 0;
    await gradeTranscriptSteps(item.transcript, active, snapshotPairs(item), neverAborted, (step) => {
      steps.push(step);
      return true;
    });
    results.push({ steps, logs: [...logs] });
  }
  return results;
}
