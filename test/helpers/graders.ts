import { describe, test } from 'vitest';
import { ConfigSchema } from '../../src/config/schema.js';
import type { GraderInstance, Setup } from '../../src/config/setup.js';
import type { AnyGrader } from '../../src/grading/grader.js';
import type { Rubric } from '../../src/rubric/schema.js';
import { runGraderCases as runCases, type GraderCase } from '../../src/testing/index.js';

/** A GraderInstance as setup would bind it, without a config file. */
export function instanceOf(grader: AnyGrader, rubric: Rubric, extra: Partial<GraderInstance> = {}): GraderInstance {
  return { name: grader.id, grader, rubric, options: grader.options?.parse({}) ?? {}, origin: 'test', ...extra };
}

export { gradeWith, type GraderCase } from '../../src/testing/index.js';

/** The exported table runner (transcript-grader/testing), under vitest. */
export function runGraderCases(grader: AnyGrader, rubric: Rubric, cases: readonly GraderCase[]): void {
  runCases({ describe, it: test }, grader, rubric, cases);
}

/** A Setup as loadSetup would return it, for library calls like labelFile, from instances alone. */
export function setupOf(instances: GraderInstance[], config: Partial<Setup['config']> = {}): Setup {
  return {
    config: { ...ConfigSchema.parse({}), ...config },
    configFile: null,
    baseDir: process.cwd(),
    rubrics: new Map(instances.map((instance) => [instance.rubric.id, instance.rubric])),
    graders: new Map(instances.map((instance) => [instance.grader.id, { grader: instance.grader, origin: instance.origin }])),
    instances,
  };
}
