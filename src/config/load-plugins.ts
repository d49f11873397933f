import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TgradeError } from '../errors.js';
import type { AnyGrader } from '../grading/grader.js';

/** What a plugin module may export (default export, or the module itself): a grader, a list, or a plugin object. */
export interface PluginModule {
  graders: AnyGrader[];
  /** Rubric files or folders the plugin ships, resolved against the module's folder. */
  rubrics: string[];
}

export interface LoadedPlugin extends PluginModule {
  /** The spec as written (path or package name), for `tgrade rubrics`. */
  origin: string;
}

/** Loads a plugin from a path (relative to `baseDir`) or a package name resolved from `baseDir`. */
export async function loadPlugin(spec: string, baseDir: string): Promise<LoadedPlugin> {
  const file = resolvePluginFile(spec, baseDir);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new TgradeError('E_PLUGIN_LOAD', `plugin ${spec}: cannot import ${file}: ${(error as Error).message}`, { cause: error, details: { plugin: spec } });
  }
  return { ...pluginFromExports(module, spec, file), origin: spec };
}

function resolvePluginFile(spec: string, baseDir: string): string {
  // A path may be written without "./" (examples/x.mjs); a package name never names an existing file.
  if (spec.startsWith('.') || isAbsolute(spec) || existsSync(resolve(baseDir, spec))) return resolve(baseDir, spec);
  try {
    return createRequire(join(baseDir, 'noop.js')).resolve(spec);
  } catch (error) {
    throw new TgradeError('E_PLUGIN_LOAD', `plugin ${spec}: no such package installed where the config is (${baseDir})`, {
      cause: error,
      details: { plugin: spec },
    });
  }
}

export function pluginFromExports(module: Record<string, unknown>, spec: string, file: string): PluginModule {
  const value = module['default'] ?? module['graders'] ?? module['plugin'];
  const moduleDir = resolve(file, '..');
  let graders: unknown[];
  let rubrics: string[] = [];
  if (Array.isArray(value)) graders = value;
  else if (isObject(value) && 'grade' in value) graders = [value];
  else if (isObject(value) && Array.isArray(value['graders'])) {
    graders = value['graders'];
    rubrics = Array.isArray(value['rubrics']) ? (value['rubrics'] as unknown[]).map(String).map((path) => resolve(moduleDir, path)) : [];
  } else {
    throw new TgradeError('E_PLUGIN_INVALID', `plugin ${spec}: its default export must be a grader, an array of graders, or { graders, rubrics? }`, {
      details: { plugin: spec },
    });
  }
  return { graders: graders.map((grader, index) => checkGrader(grader, `${spec} (grader ${index + 1})`)), rubrics };
}

function checkGrader(value: unknown, where: string): AnyGrader {
  const problem = !isObject(value)
    ? 'is not an object'
    : typeof value['id'] !== 'string' || value['id'] === ''
      ? 'has no string `id`'
      : value['rubrics'] !== '*' && !(Array.isArray(value['rubrics']) && value['rubrics'].every((id) => typeof id === 'string'))
        ? "has no `rubrics` (an array of rubric ids, or '*')"
        : typeof value['grade'] !== 'function'
          ? 'has no `grade(transcript, ctx)` function'
          : null;
  if (problem !== null) throw new TgradeError('E_PLUGIN_INVALID', `plugin ${where} ${problem}`, { details: { plugin: where } });
  return value as unknown as AnyGrader;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}
