import { basename, resolve } from 'node:path';
import { TgradeError } from '../errors.js';
import type { AnyGrader } from '../grading/grader.js';
import type { GraderInstance } from '../grading/grader-instance.js';
import { loadRubrics } from '../rubric/load-rubric.js';
import type { Rubric } from '../rubric/schema.js';
import { describeIssues } from '../schema-issues.js';
import { builtinPlugins, defaultGraderEntries } from './builtin-plugins.js';
import { loadConfig } from './load-config.js';
import { loadPlugin, type LoadedPlugin } from './load-plugins.js';
import { builtinRubricsDir } from './package-root.js';
import type { Config, GraderEntry } from './schema.js';
import { applyRunOverrides, type RunOverrides } from './run-overrides.js';

export type { GraderInstance };

export interface Setup {
  config: Config;
  configFile: string | null;
  baseDir: string;
  rubrics: Map<string, Rubric>;
  graders: Map<string, { grader: AnyGrader; origin: string }>;
  instances: GraderInstance[];
  /** The options this setup was loaded with (cwd resolved), so a worker thread can load the same one. */
  loadedWith?: SetupOptions;
}

export interface SetupOptions {
  cwd?: string;
  configFile?: string;
  /** `--plugin` specs from the command line, resolved against cwd. */
  plugins?: string[];
  /** `--rubric` files or folders from the command line. */
  rubrics?: string[];
  /** Keep only these grader instance names (`--graders`). */
  only?: string[];
  /** `--model provider/model` and `--concurrency` for this run. */
  overrides?: RunOverrides;
}

export async function loadSetup(options: SetupOptions = {}): Promise<Setup> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const { config, file, baseDir } = await loadConfig({ cwd, ...(options.configFile === undefined ? {} : { file: options.configFile }) });

  const configPlugins = await Promise.all(config.plugins.map((spec) => loadPlugin(spec, baseDir)));
  const cliPlugins = await Promise.all((options.plugins ?? []).map((spec) => loadPlugin(spec, cwd)));
  const plugins: LoadedPlugin[] = [...builtinPlugins(), ...configPlugins, ...cliPlugins];

  const graders = new Map<string, { grader: AnyGrader; origin: string }>();
  for (const plugin of plugins) {
    for (const grader of plugin.graders) {
      const existing = graders.get(grader.id);
      if (existing !== undefined && existing.origin !== plugin.origin) {
        throw new TgradeError('E_PLUGIN_INVALID', `grader id "${grader.id}" is defined by both ${existing.origin} and ${plugin.origin}`);
      }
      graders.set(grader.id, { grader: grader as AnyGrader, origin: plugin.origin });
    }
  }

  // Later sources override earlier ones, so a project can replace a built-in rubric with its own copy.
  const rubricSources = [
    builtinRubricsDir(),
    ...plugins.flatMap((plugin) => plugin.rubrics),
    ...config.rubrics.map((path) => resolve(baseDir, path)),
    ...(options.rubrics ?? []).map((path) => resolve(cwd, path)),
  ];
  const rubrics = new Map<string, Rubric>();
  for (const source of rubricSources) for (const rubric of await loadRubrics(source)) rubrics.set(rubric.id, rubric);

  const entries = [...(config.graders ?? defaultGraderEntries()), ...cliPlugins.flatMap(defaultEntriesOf)];
  let instances = bindInstances(entries, graders, rubrics, file ?? 'built-in defaults', baseDir);
  if (options.only !== undefined && options.only.length > 0) {
    const unknown = options.only.filter((name) => !instances.some((instance) => instance.name === name));
    if (unknown.length > 0) {
      throw new TgradeError('E_GRADER_UNKNOWN', `no configured grader named ${unknown.join(', ')} (configured: ${instances.map((i) => i.name).join(', ')})`);
    }
    instances = instances.filter((instance) => options.only?.includes(instance.name));
  }
  const setup: Setup = { config, configFile: file, baseDir, rubrics, graders, instances, loadedWith: { ...options, cwd } };
  if (options.overrides !== undefined) applyRunOverrides(setup, options.overrides);
  return setup;
}

/**
 * One line saying where the graders come from when a config lists its own: a `graders:` list
 * replaces the built-in defaults instead of adding to them, which is easy to miss. Null when the
 * built-in defaults run.
 */
export function graderSourceNote(setup: Pick<Setup, 'config' | 'configFile' | 'instances'>): string | null {
  if (setup.config.graders === undefined) return null;
  const file = setup.configFile === null ? 'the config' : basename(setup.configFile);
  const names = setup.instances.map((instance) => instance.name).join(', ') || 'none';
  return `graders from ${file}: ${names}; built-ins not used (a \`graders:\` list replaces them: list the built-ins there too to keep them)`;
}

/** A grader given with `--plugin` runs on each rubric it names (a '*' grader needs a config entry). */
function defaultEntriesOf(plugin: LoadedPlugin): GraderEntry[] {
  return plugin.graders.flatMap((grader) =>
    grader.rubrics === '*' ? [] : grader.rubrics.map((rubric) => ({ use: grader.id, rubric, options: {}, ...(grader.rubrics.length > 1 ? { name: `${grader.id}:${rubric}` } : {}) })),
  );
}

export function bindInstances(
  entries: readonly GraderEntry[],
  graders: ReadonlyMap<string, { grader: AnyGrader; origin: string }>,
  rubrics: ReadonlyMap<string, Rubric>,
  origin: string,
  configDir?: string,
): GraderInstance[] {
  const instances: GraderInstance[] = [];
  entries.forEach((entry, index) => {
    const at = `${origin}: graders.${index}`;
    const found = graders.get(entry.use);
    if (found === undefined) {
      throw new TgradeError('E_GRADER_UNKNOWN', `${at}.use: no grader "${entry.use}" (known: ${[...graders.keys()].join(', ')}); add its module to \`plugins\``);
    }
    const { grader } = found;
    const rubricId = entry.rubric ?? (grader.rubrics !== '*' && grader.rubrics.length === 1 ? grader.rubrics[0] : undefined);
    if (rubricId === undefined) throw new TgradeError('E_CONFIG_INVALID', `${at}.rubric: required, because "${grader.id}" serves more than one rubric`);
    const rubric = rubrics.get(rubricId);
    if (rubric === undefined) {
      throw new TgradeError('E_RUBRIC_UNKNOWN', `${at}.rubric: no rubric "${rubricId}" (known: ${[...rubrics.keys()].join(', ')})`);
    }
    if (grader.rubrics !== '*' && !grader.rubrics.includes(rubricId)) {
      throw new TgradeError('E_CONFIG_INVALID', `${at}.rubric: "${grader.id}" serves ${grader.rubrics.join(', ')}, not "${rubricId}"`);
    }
    let options: unknown = entry.options;
    if (grader.options !== undefined) {
      const parsed = grader.options.safeParse(entry.options);
      if (!parsed.success) throw new TgradeError('E_CONFIG_INVALID', `${at}.options: ${describeIssues(parsed.error)}`);
      options = parsed.data;
    }
    if (grader.requires?.includes('llm') && entry.llm === undefined) {
      throw new TgradeError('E_CONFIG_INVALID', `${at}.llm: required by "${grader.id}" (provider and model)`);
    }
    const name = entry.name ?? (instances.some((other) => other.name === grader.id) ? `${grader.id}:${rubricId}` : grader.id);
    if (instances.some((other) => other.name === name)) throw new TgradeError('E_CONFIG_INVALID', `${at}.name: "${name}" is used twice`);
    // A gate on a name that is not an earlier grader would silently keep every transcript out.
    if (entry.when !== undefined && !instances.some((other) => other.name === entry.when?.grader)) {
      throw new TgradeError(
        'E_CONFIG_INVALID',
        `${at}.when.grader: no grader named "${entry.when.grader}" before this one (earlier: ${instances.map((i) => i.name).join(', ') || 'none'})`,
      );
    }
    // A verdict this grader reads from a grader configured after it would never be there in the same run.
    for (const needed of grader.dependsOn?.(options) ?? []) {
      const laterIndex = entries.findIndex((other, otherIndex) => otherIndex > index && (other.name ?? other.use) === needed);
      if (laterIndex !== -1) {
        throw new TgradeError('E_CONFIG_INVALID', `${at}: "${name}" reads the verdicts of "${needed}", which is configured after it (graders.${laterIndex}); list "${needed}" first`);
      }
    }
    instances.push({
      name,
      grader,
      rubric,
      options,
      origin: found.origin,
      ...(configDir === undefined ? {} : { configDir }),
      ...(entry.llm === undefined ? {} : { llm: entry.llm }),
      ...(entry.when === undefined ? {} : { gate: entry.when }),
    });
  });
  return instances;
}
