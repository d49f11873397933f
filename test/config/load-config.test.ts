import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/load-config.js';
import { isTgradeError } from '../../src/errors.js';
import { tempDir, tempProject, writeFiles } from '../helpers/temp-dir.js';

async function configError(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isTgradeError(error, 'E_CONFIG_INVALID'), String(error)).toBe(true);
  return error as Error;
}

describe('finding the config', () => {
  test.each([
    ['tgrade.config.json', { concurrency: 3 }],
    ['tgrade.config.yaml', 'concurrency: 3\n'],
    ['tgrade.config.yml', 'concurrency: 3\n'],
    ['tgrade.config.mjs', 'export default { concurrency: 3 };\n'],
    ['tgrade.config.cjs', 'module.exports = { concurrency: 3 };\n'],
  ])('finds %s at the project root', async (name, content) => {
    const project = await tempProject({ [name]: content });
    const loaded = await loadConfig({ cwd: project });
    expect(loaded.config.concurrency).toBe(3);
    expect(loaded.file).toBe(join(project, name));
    expect(loaded.baseDir).toBe(project);
  });

  test('finds the `tgrade` key of package.json', async () => {
    const project = await tempDir();
    await writeFiles(project, { 'package.json': { name: 'p', tgrade: { concurrency: 5 } } });
    const loaded = await loadConfig({ cwd: project });
    expect(loaded.config.concurrency).toBe(5);
    expect(loaded.file).toBe(join(project, 'package.json'));
  });

  test('walks up from a subfolder to the project root', async () => {
    const project = await tempProject({ 'tgrade.config.json': { concurrency: 2 } });
    const nested = join(project, 'runs', 'today');
    await mkdir(nested, { recursive: true });
    const loaded = await loadConfig({ cwd: nested });
    expect(loaded.file).toBe(join(project, 'tgrade.config.json'));
    expect(loaded.baseDir).toBe(project);
  });

  test('does not look above the nearest package.json', async () => {
    const outer = await tempProject({ 'tgrade.config.json': { concurrency: 2 } });
    await writeFiles(outer, { 'inner/package.json': { name: 'inner' } });
    const loaded = await loadConfig({ cwd: join(outer, 'inner') });
    expect(loaded.file).toBeNull();
  });

  test('without a config the defaults apply, relative to the working folder', async () => {
    const project = await tempProject();
    const loaded = await loadConfig({ cwd: project });
    expect(loaded).toEqual({ config: expect.objectContaining({ plugins: [], rubrics: [], concurrency: 16, cacheDir: '.tgrade-cache' }), file: null, baseDir: project });
    expect(loaded.config.graders).toBeUndefined();
  });

  test('an explicit --config file is loaded from the working folder, and its folder is the base', async () => {
    const project = await tempProject({ 'configs/strict.yaml': 'concurrency: 1\n' });
    const loaded = await loadConfig({ cwd: project, file: 'configs/strict.yaml' });
    expect(loaded.config.concurrency).toBe(1);
    expect(loaded.baseDir).toBe(join(project, 'configs'));
  });
});

describe('invalid configs', () => {
  test('an unknown key is E_CONFIG_INVALID naming the file and the key', async () => {
    const project = await tempProject({ 'tgrade.config.json': { grader: [] } });
    const error = await configError(loadConfig({ cwd: project }));
    expect(error.message).toBe(`${join(project, 'tgrade.config.json')}: Unrecognized key: "grader"`);
  });

  test('a wrong value deep inside names its path', async () => {
    const project = await tempProject({ 'tgrade.config.yaml': 'graders:\n  - use: x\n    llm: { provider: azure, model: m }\n' });
    const error = await configError(loadConfig({ cwd: project }));
    expect(error.message).toMatch(/tgrade\.config\.yaml: .*\(at graders\.0\.llm\.provider\)$/);
  });

  test('a gate without labels or notAbstained says what it needs', async () => {
    const project = await tempProject({ 'tgrade.config.json': { graders: [{ use: 'x', when: { grader: 'y' } }] } });
    const error = await configError(loadConfig({ cwd: project }));
    expect(error.message).toContain('a gate needs `labels` or `notAbstained: true` (at graders.0.when)');
  });

  test('a file that is not valid JSON is E_CONFIG_INVALID naming the file', async () => {
    const project = await tempProject({ 'tgrade.config.json': '{ "concurrency": 3,, }' });
    const error = await configError(loadConfig({ cwd: project }));
    expect(error.message).toContain('tgrade.config.json');
    expect(error.message).toContain('cannot load the config');
  });

  test('a --config file that does not exist is E_CONFIG_INVALID naming it', async () => {
    const project = await tempProject();
    const error = await configError(loadConfig({ cwd: project, file: 'missing.json' }));
    expect(error.message).toMatch(/^missing\.json: cannot load the config/);
  });

  test('parseConfig names its origin in the message', () => {
    expect(() => parseConfig({ concurrency: 0 }, 'inline')).toThrow(/^inline: .*\(at concurrency\)$/);
  });
});
