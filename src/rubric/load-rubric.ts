import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { TgradeError } from '../errors.js';
import { describeIssues } from '../schema-issues.js';
import { RubricFrontmatterSchema, type Rubric } from './schema.js';

const FRONTMATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Parses a rubric file's text; `origin` names it in errors. */
export function parseRubric(source: string, origin: string): Rubric {
  const match = FRONTMATTER.exec(source);
  if (match === null) {
    throw new TgradeError('E_RUBRIC_INVALID', `${origin}: a rubric starts with YAML frontmatter between two "---" lines`, { details: { file: origin } });
  }
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (error) {
    // The parser counts lines from the frontmatter's start and appends a code frame: report the
    // file's own line (the opening "---" is line 1) on one line instead.
    const position = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    const reason = ((error as Error).message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    const where = position === undefined ? '' : `:${position.line + 1}:${position.col}`;
    throw new TgradeError('E_RUBRIC_INVALID', `${origin}${where}: the frontmatter is not valid YAML: ${reason}`, {
      cause: error,
      details: { file: origin },
    });
  }
  const parsed = RubricFrontmatterSchema.safeParse(data);
  if (!parsed.success) {
    throw new TgradeError('E_RUBRIC_INVALID', `${origin}: ${describeIssues(parsed.error)}`, { details: { file: origin } });
  }
  return { ...parsed.data, instructions: source.slice(match[0].length).trim(), origin };
}

export async function loadRubricFile(file: string): Promise<Rubric> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    throw new TgradeError('E_RUBRIC_INVALID', `${file}: cannot read rubric (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
      cause: error,
      details: { file },
    });
  }
  return parseRubric(source, file);
}

/** Loads a rubric file, or every `*.md` file directly inside a folder (files starting with `_` are templates). */
export async function loadRubrics(path: string): Promise<Rubric[]> {
  const absolute = resolve(path);
  const info = await stat(absolute).catch((error: unknown) => {
    throw new TgradeError('E_RUBRIC_INVALID', `${path}: no such rubric file or folder`, { cause: error, details: { file: path } });
  });
  if (!info.isDirectory()) return [await loadRubricFile(absolute)];
  const names = (await readdir(absolute)).filter((name) => name.endsWith('.md') && !name.startsWith('_') && name !== 'README.md').sort();
  return Promise.all(names.map((name) => loadRubricFile(join(absolute, name))));
}
