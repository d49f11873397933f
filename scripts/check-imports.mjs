#!/usr/bin/env node
// The import check of `npm run check:imports`: no import cycle between files or between folders
// (type-only imports included), and every folder imports only folders below it in LAYERS, the
// order README's Development section gives. Prints the folder-level dependency listing.
import madge from 'madge';

/** Lowest first: a folder may import only folders that come before it (and itself). */
export const LAYERS = [
  'base', // src/errors.ts, src/schema-issues.ts, src/pick-defined.ts, src/quote-input.ts: error codes, zod issue text, one object helper, quoting input in messages
  'stats', // pure statistics over plain arrays
  'transcript', // reading and normalising transcripts
  'rubric', // rubric files and their schema
  'providers', // LLM providers, retries, the response cache, the per-instance LLM client
  'grading', // the grader contract, verdicts, running graders over transcripts
  'learned', // the learned grader's model: text features, logistic regression, cross-validation, the model file
  'store', // the append-only results file
  'shard', // splitting a label run into shards (--shard i/n) and merging their results files
  'summary', // counts of a results file
  'show', // `tgrade show`: a transcript's parts as the graders see them
  'export', // results files as CSV or Parquet
  'plugin', // src/plugin.ts: the plugin entry
  'graders', // built-in graders (written against the plugin entry)
  'graders-entry', // src/graders.ts: the transcript-grader/graders entry
  'config', // config file, plugins, the setup that binds graders to rubrics
  'label', // src/label.ts: labelFile
  'batch', // batch mode over the providers' batch APIs
  'html', // the escaping html template tag shared by the labeling page and the report
  'gold', // gold-set folders: spec, ratings, reference, importers
  'calibration', // measuring graders against a gold set, profiles
  'audit', // designed human audits: plans, prediction-powered estimates
  'annotate', // the labeling page
  'report',
  'testing', // src/testing: the table runner for plugin authors
  'cli', // the tgrade command: options, printers, progress display, commands
  'index', // src/index.ts: the library entry (it also exports the progress display)
];

const FILE_LAYERS = {
  'src/errors.ts': 'base',
  'src/schema-issues.ts': 'base',
  'src/pick-defined.ts': 'base',
  'src/quote-input.ts': 'base',
  'src/plugin.ts': 'plugin',
  'src/graders.ts': 'graders-entry',
  'src/label.ts': 'label',
  'src/label-pool.ts': 'label',
  'src/label-worker.ts': 'label',
  'src/index.ts': 'index',
};

export function layerOf(file) {
  if (FILE_LAYERS[file] !== undefined) return FILE_LAYERS[file];
  const [top, folder] = file.split('/');
  if (top === 'graders') return 'graders';
  if (top === 'src' && folder !== undefined) return folder.replace(/\.ts$/, '');
  return top;
}

const result = await madge(['src', 'graders'], {
  fileExtensions: ['ts'],
  tsConfig: 'tsconfig.json',
  detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
});
const graph = result.obj();
const problems = [];
for (const cycle of result.circular()) problems.push(`file cycle: ${[...cycle, cycle[0]].join(' > ')}`);

const folderEdges = new Map();
for (const [file, imports] of Object.entries(graph)) {
  const from = layerOf(file);
  if (!LAYERS.includes(from)) problems.push(`${file}: its folder "${from}" has no place in LAYERS (scripts/check-imports.mjs)`);
  for (const imported of imports) {
    const to = layerOf(imported);
    if (to === from) continue;
    if (!folderEdges.has(from)) folderEdges.set(from, new Map());
    const targets = folderEdges.get(from);
    targets.set(to, [...(targets.get(to) ?? []), `${file} > ${imported}`]);
    if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) problems.push(`layer: ${from} imports ${to}, which sits above it (${file} > ${imported})`);
  }
}

console.log(`folder dependencies (${Object.keys(graph).length} files; lowest layer first):`);
for (const layer of LAYERS) {
  const targets = folderEdges.get(layer);
  if (targets === undefined && !Object.keys(graph).some((file) => layerOf(file) === layer)) continue;
  console.log(`  ${layer.padEnd(14)} -> ${targets === undefined ? '(nothing)' : [...targets.keys()].sort((a, b) => LAYERS.indexOf(a) - LAYERS.indexOf(b)).join(', ')}`);
}
if (problems.length === 0) {
  console.log('no file cycle, no folder cycle, every import points down the layer order');
} else {
  console.log(`\n${problems.length} problem(s):`);
  for (const problem of problems) console.log(`  ${problem}`);
  process.exitCode = 1;
}
