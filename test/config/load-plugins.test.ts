import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadPlugin, pluginFromExports } from '../../src/config/load-plugins.js';
import { isTgradeError, type ErrorCode } from '../../src/errors.js';
import { foundationFixture } from '../helpers/paths.js';
import { tempDir, writeFiles } from '../helpers/temp-dir.js';

const pluginsDir = foundationFixture('plugins');

async function pluginError(promise: Promise<unknown>, code: ErrorCode): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isTgradeError(error, code), String(error)).toBe(true);
  return error as Error;
}

describe('loadPlugin', () => {
  test('a plain grader object as the default export is a plugin of one grader', async () => {
    const plugin = await loadPlugin('./always-none.mjs', pluginsDir);
    expect(plugin.origin).toBe('./always-none.mjs');
    expect(plugin.graders.map((grader) => grader.id)).toEqual(['always-none']);
    expect(plugin.rubrics).toEqual([]);
  });

  test('an array default export is a list of graders', async () => {
    const plugin = await loadPlugin('./grader-list.mjs', pluginsDir);
    expect(plugin.graders.map((grader) => [grader.id, grader.rubrics])).toEqual([
      ['list-first', ['reward-tampering-action']],
      ['list-any', '*'],
    ]);
  });

  test('a named `graders` export is used when there is no default export', async () => {
    const plugin = await loadPlugin('./named-graders-export.mjs', pluginsDir);
    expect(plugin.graders.map((grader) => grader.id)).toEqual(['named-export']);
  });

  test('rubric folders a plugin ships are resolved against the plugin module, not the config', async () => {
    const plugin = await loadPlugin('./with-rubric/index.mjs', pluginsDir);
    expect(plugin.rubrics).toEqual([join(pluginsDir, 'with-rubric', 'rubrics')]);
  });

  test('an absolute path is loaded as is', async () => {
    const plugin = await loadPlugin(join(pluginsDir, 'always-none.mjs'), '/');
    expect(plugin.graders).toHaveLength(1);
  });

  test('an export that is not a grader, a list or { graders } is E_PLUGIN_INVALID saying what is allowed', async () => {
    const error = await pluginError(loadPlugin('./wrong-export.mjs', pluginsDir), 'E_PLUGIN_INVALID');
    expect(error.message).toBe('plugin ./wrong-export.mjs: its default export must be a grader, an array of graders, or { graders, rubrics? }');
  });

  test('a grader without grade() is E_PLUGIN_INVALID naming the plugin, the grader and what is missing', async () => {
    const error = await pluginError(loadPlugin('./grader-without-grade.mjs', pluginsDir), 'E_PLUGIN_INVALID');
    expect(error.message).toBe('plugin ./grader-without-grade.mjs (grader 1) has no `grade(transcript, ctx)` function');
  });

  test('a module that does not exist is E_PLUGIN_LOAD naming the spec', async () => {
    const error = await pluginError(loadPlugin('./missing.mjs', pluginsDir), 'E_PLUGIN_LOAD');
    expect(error.message).toMatch(/^plugin \.\/missing\.mjs: cannot import /);
  });

  test('a module that throws on import is E_PLUGIN_LOAD with its error', async () => {
    const dir = await tempDir();
    await writeFiles(dir, { 'boom.mjs': "throw new Error('plugin exploded');\n" });
    const error = await pluginError(loadPlugin('./boom.mjs', dir), 'E_PLUGIN_LOAD');
    expect(error.message).toContain('plugin exploded');
  });

  test('a package name that is not installed is E_PLUGIN_LOAD saying where it was looked for', async () => {
    const dir = await tempDir();
    const error = await pluginError(loadPlugin('tgrade-plugin-that-does-not-exist', dir), 'E_PLUGIN_LOAD');
    expect(error.message).toBe(`plugin tgrade-plugin-that-does-not-exist: no such package installed where the config is (${dir})`);
  });
});

describe('pluginFromExports', () => {
  const grade = () => ({ status: 'ok', label: 'none', evidence: [] });

  test.each([
    ['is not an object', [42]],
    ['has no string `id`', [{ rubrics: ['r'], grade }]],
    ["has no `rubrics` (an array of rubric ids, or '*')", [{ id: 'g', rubrics: 'r', grade }]],
    ['has no `grade(transcript, ctx)` function', [{ id: 'g', rubrics: ['r'], grade: 'yes' }]],
  ])('a grader that %s is rejected', (problem, graders) => {
    expect(() => pluginFromExports({ default: graders }, 'p', '/x/p.mjs')).toThrow(`plugin p (grader 1) ${problem}`);
  });

  test('a `plugin` named export is accepted too', () => {
    const plugin = pluginFromExports({ plugin: { graders: [{ id: 'g', rubrics: '*', grade }], rubrics: ['r.md'] } }, 'p', '/x/p.mjs');
    expect(plugin.rubrics).toEqual(['/x/r.md']);
  });
});
