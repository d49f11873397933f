import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRubric } from '../../src/rubric/load-rubric.js';
import type { Rubric } from '../../src/rubric/schema.js';
import { shippedRubricsDir } from './paths.js';

/** A rubric shipped in rubrics/, by id (its file name). */
export function shippedRubric(id: string): Rubric {
  const file = join(shippedRubricsDir, `${id}.md`);
  return parseRubric(readFileSync(file, 'utf8'), file);
}

/** A small in-memory rubric for engine tests: labels `yes`/`no`, reading the given parts. */
export function tinyRubric(overrides: Partial<Rubric> = {}): Rubric {
  return {
    id: 'tiny',
    description: 'A test rubric.',
    reads: ['scratchpad'],
    context: [],
    labels: [
      { name: 'yes', definition: 'Yes.' },
      { name: 'no', definition: 'No.' },
    ],
    ordered: false,
    positive: ['yes'],
    examples: [],
    version: '1',
    instructions: 'Answer yes or no.',
    origin: 'test',
    ...overrides,
  };
}
