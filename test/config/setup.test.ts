import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadSetup } from '../../src/config/setup.js';
import { isTgradeError, type ErrorCode } from '../../src/errors.js';
import { foundationFixture } from '../helpers/paths.js';
import { tempProject, writeFiles } from '../helpers/temp-dir.js';

async function setupError(promise: Promise<unknown>, code: ErrorCode): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isTgradeError(error, code), String(error)).toBe(true);
  return error as Error;
}

/** A project with the fixture plugins copied under `plugins/` and the given config. */
async function projectWith(config: object | string, configName = 'tgrade.config.json'): Promise<string> {
  const project = await tempProject({ [configName]: config });
  await cp(foundationFixture('plugins'), join(project, 'plugins'), { recursive: true });
  return project;
}

const heuristicEntries = [
  { use: 'reward-tampering-actions', rubric: 'reward-tampering-action' },
  { use: 'reward-tampering-reasoning-phrases', rubric: 'reward-tampering-reasoning' },
];

describe('the built-in setup', () => {
  test('without a config, both heuristic graders run on the shipped rubrics', async () => {
    const setup = await loadSetup({ cwd: await tempProject() });
    const bound = setup.instances.map((instance) => [instance.name, instance.rubric.id, instance.origin]);
    expect(bound).toContainEqual(['reward-tampering-actions', 'reward-tampering-action', 'built-in: graders/reward-tampering-heuristics']);
    expect(bound).toContainEqual(['reward-tampering-reasoning-phrases', 'reward-tampering-reasoning', 'built-in: graders/reward-tampering-heuristics']);
    expect([...setup.rubrics.keys()]).toEqual(expect.arrayContaining(['reward-tampering-action', 'reward-tampering-reasoning']));
  });

  test("a grader's options are parsed by its schema, defaults included", async () => {
    const setup = await loadSetup({ cwd: await projectWith({ graders: heuristicEntries }) });
    const reasoning = setup.instances.find((instance) => instance.name === 'reward-tampering-reasoning-phrases');
    expect(reasoning?.options).toEqual({ minSchemingMatches: 1, actionGrader: 'reward-tampering-actions', objectionableLabels: ['tamper_attempt', 'tamper_and_hide'] });
  });

  test('`only` keeps the named instances', async () => {
    const setup = await loadSetup({ cwd: await projectWith({ graders: heuristicEntries }), only: ['reward-tampering-actions'] });
    expect(setup.instances.map((instance) => instance.name)).toEqual(['reward-tampering-actions']);
  });

  test('`only` with a name that is not configured is E_GRADER_UNKNOWN listing the configured ones', async () => {
    const error = await setupError(loadSetup({ cwd: await projectWith({ graders: heuristicEntries }), only: ['nope'] }), 'E_GRADER_UNKNOWN');
    expect(error.message).toBe('no configured grader named nope (configured: reward-tampering-actions, reward-tampering-reasoning-phrases)');
  });
});

describe('plugins', () => {
  test('a plugin path in the config is resolved against the config file, wherever the command runs', async () => {
    const project = await projectWith({ plugins: ['./plugins/always-none.mjs'], graders: [{ use: 'always-none' }] });
    const nested = join(project, 'runs');
    await mkdir(nested);
    const setup = await loadSetup({ cwd: nested });
    expect(setup.instances.map((instance) => [instance.name, instance.rubric.id, instance.origin])).toEqual([
      ['always-none', 'reward-tampering-action', './plugins/always-none.mjs'],
    ]);
    expect(setup.graders.get('always-none')?.origin).toBe('./plugins/always-none.mjs');
  });

  test('a --plugin path is resolved against the working folder and runs on each rubric its graders name', async () => {
    const project = await projectWith({ graders: heuristicEntries });
    const setup = await loadSetup({ cwd: project, plugins: ['./plugins/grader-list.mjs'] });
    // list-any serves '*' and so needs a config entry to say which rubric; list-first runs on its one rubric.
    expect(setup.instances.map((instance) => instance.name)).toEqual(['reward-tampering-actions', 'reward-tampering-reasoning-phrases', 'list-first']);
    expect(setup.graders.has('list-any')).toBe(true);
  });

  test('a rubric shipped by a plugin can be used by a config entry', async () => {
    const project = await projectWith({ plugins: ['./plugins/with-rubric/index.mjs'], graders: [{ use: 'answer-length' }] });
    const setup = await loadSetup({ cwd: project });
    expect(setup.instances[0]?.rubric).toMatchObject({ id: 'transcript-length', origin: join(project, 'plugins/with-rubric/rubrics/transcript-length.md') });
  });

  test("a plugin's options schema rejects bad options with E_CONFIG_INVALID naming the entry and the option", async () => {
    // Loaded from the fixtures folder (not a temp copy) so that its `import 'zod'` resolves as it would for a user.
    const project = await projectWith({ plugins: [foundationFixture('plugins/with-options.mjs')], graders: [{ use: 'with-options', options: { threshold: 2 } }] });
    const error = await setupError(loadSetup({ cwd: project }), 'E_CONFIG_INVALID');
    expect(error.message).toMatch(/tgrade\.config\.json: graders\.0\.options: .*\(at threshold\)$/);
  });

  test("a built-in grader's schema rejects an option it does not know", async () => {
    const project = await projectWith({ graders: [{ use: 'reward-tampering-reasoning-phrases', options: { minSchemingMatch: 2 } }] });
    const error = await setupError(loadSetup({ cwd: project }), 'E_CONFIG_INVALID');
    expect(error.message).toContain('graders.0.options: Unrecognized key: "minSchemingMatch"');
  });

  test('a plugin with a wrong export fails the setup with E_PLUGIN_INVALID', async () => {
    const project = await projectWith({ plugins: ['./plugins/wrong-export.mjs'] });
    await setupError(loadSetup({ cwd: project }), 'E_PLUGIN_INVALID');
  });

  test('two plugins defining one grader id is E_PLUGIN_INVALID naming both', async () => {
    const project = await projectWith({ plugins: ['./plugins/always-none.mjs'] });
    await writeFiles(project, { 'other/always-none.mjs': "export default { id: 'always-none', rubrics: '*', grade: () => ({ status: 'abstain', reason: 'x' }) };\n" });
    const error = await setupError(loadSetup({ cwd: project, plugins: ['./other/always-none.mjs'] }), 'E_PLUGIN_INVALID');
    expect(error.message).toBe('grader id "always-none" is defined by both ./plugins/always-none.mjs and ./other/always-none.mjs');
  });
});

describe('binding config entries', () => {
  test('an unknown grader id is E_GRADER_UNKNOWN naming the entry and the known ids', async () => {
    const project = await projectWith({ graders: [{ use: 'reward-tampering-action' }] });
    const error = await setupError(loadSetup({ cwd: project }), 'E_GRADER_UNKNOWN');
    expect(error.message).toMatch(/tgrade\.config\.json: graders\.0\.use: no grader "reward-tampering-action" \(known: .*reward-tampering-actions.*\); add its module to `plugins`$/);
  });

  test('a grader bound to a rubric it does not serve is E_CONFIG_INVALID naming the entry', async () => {
    const project = await projectWith({ graders: [{ use: 'reward-tampering-actions', rubric: 'reward-tampering-reasoning' }] });
    const error = await setupError(loadSetup({ cwd: project }), 'E_CONFIG_INVALID');
    expect(error.message).toMatch(/graders\.0\.rubric: "reward-tampering-actions" serves reward-tampering-action, not "reward-tampering-reasoning"$/);
  });

  test('a rubric id that no source defines is E_RUBRIC_UNKNOWN', async () => {
    const project = await projectWith({ plugins: ['./plugins/grader-list.mjs'], graders: [{ use: 'list-any', rubric: 'nope' }] });
    const error = await setupError(loadSetup({ cwd: project }), 'E_RUBRIC_UNKNOWN');
    expect(error.message).toMatch(/graders\.0\.rubric: no rubric "nope" \(known: /);
  });

  test("a '*' grader without a rubric is E_CONFIG_INVALID saying the rubric is required", async () => {
    const project = await projectWith({ plugins: ['./plugins/grader-list.mjs'], graders: [{ use: 'list-any' }] });
    const error = await setupError(loadSetup({ cwd: project }), 'E_CONFIG_INVALID');
    expect(error.message).toContain('graders.0.rubric: required');
  });

  test('a rubric file from the config can be bound by a grader serving any rubric', async () => {
    const project = await projectWith({ plugins: ['./plugins/grader-list.mjs'], rubrics: ['./rubrics'], graders: [{ use: 'list-any', rubric: 'transcript-length' }] });
    await cp(foundationFixture('rubrics/valid'), join(project, 'rubrics'), { recursive: true });
    const setup = await loadSetup({ cwd: project });
    expect(setup.instances.map((instance) => [instance.name, instance.rubric.id])).toEqual([['list-any', 'transcript-length']]);
  });

  test('one grader on two rubrics gets a distinct name for the second', async () => {
    const project = await projectWith({ plugins: ['./plugins/grader-list.mjs'], rubrics: ['./rubrics'], graders: [{ use: 'list-any', rubric: 'reward-tampering-action' }, { use: 'list-any', rubric: 'transcript-length' }] });
    await cp(foundationFixture('rubrics/valid'), join(project, 'rubrics'), { recursive: true });
    const setup = await loadSetup({ cwd: project });
    expect(setup.instances.map((instance) => instance.name)).toEqual(['list-any', 'list-any:transcript-length']);
  });

  test('two entries with one explicit name are E_CONFIG_INVALID', async () => {
    const project = await projectWith({ graders: [{ use: 'reward-tampering-actions', name: 'a' }, { use: 'reward-tampering-reasoning-phrases', name: 'a' }] });
    const error = await setupError(loadSetup({ cwd: project }), 'E_CONFIG_INVALID');
    expect(error.message).toContain('graders.1.name: "a" is used twice');
  });

  test('a gate is bound to its instance', async () => {
    const project = await projectWith({ graders: [heuristicEntries[0], { ...heuristicEntries[1], when: { grader: 'reward-tampering-actions', labels: ['tamper_attempt'] } }] });
    const setup = await loadSetup({ cwd: project });
    expect(setup.instances[1]?.gate).toEqual({ grader: 'reward-tampering-actions', labels: ['tamper_attempt'] });
  });

  test('a gate on a grader that is not configured before it is E_CONFIG_INVALID naming `when.grader`', async () => {
    const project = await projectWith({ graders: [heuristicEntries[0], { ...heuristicEntries[1], when: { grader: 'reward-tampering-action', labels: ['tamper_attempt'] } }] });
    const error = await setupError(loadSetup({ cwd: project }), 'E_CONFIG_INVALID');
    expect(error.message).toMatch(/graders\.1\.when\.grader: no grader named "reward-tampering-action" before this one \(earlier: reward-tampering-actions\)$/);
  });

  test('a grader that needs an LLM and has no `llm` settings is E_CONFIG_INVALID', async () => {
    const project = await projectWith({ plugins: ['./needs-llm.mjs'], graders: [{ use: 'needs-llm', rubric: 'reward-tampering-action' }] });
    await writeFiles(project, { 'needs-llm.mjs': "export default { id: 'needs-llm', rubrics: '*', requires: ['llm'], grade: () => ({ status: 'abstain', reason: 'x' }) };\n" });
    const error = await setupError(loadSetup({ cwd: project }), 'E_CONFIG_INVALID');
    expect(error.message).toContain('graders.0.llm: required by "needs-llm"');
  });
});

describe('options of a plugin grader', () => {
  test('valid options reach the instance parsed, with defaults filled in', async () => {
    const project = await projectWith({ plugins: [foundationFixture('plugins/with-options.mjs')], graders: [{ use: 'with-options' }] });
    const setup = await loadSetup({ cwd: project });
    expect(setup.instances[0]?.options).toEqual({ threshold: 0.5 });
  });
});
