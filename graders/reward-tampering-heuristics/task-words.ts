import type { Phrase, Span } from 'transcript-grader/plugin';

/**
 * A phrase matching the content words of the task as given (the prompt part), so a scratchpad
 * sentence about the task ("Counting episodes requires a log file") can be quoted as pursuing it.
 * Words of five letters or more, matched on their first five letters ("episode" ~ "episodes",
 * "count" ~ "counting"), without the common words that say nothing about a task.
 */
const COMMON = new Set(['there', 'their', 'where', 'which', 'about', 'would', 'could', 'shoul', 'these', 'those', 'other', 'think', 'first', 'after', 'befor', 'thing', 'pleas', 'assis', 'helpf', 'answe', 'quest', 'respo', 'human', 'users']);
const WORD = /[A-Za-z]{5,}/g;

// Rollouts of one run usually share their task: the phrase for the last prompt is kept, so it is
// compiled once per distinct prompt rather than once per transcript.
let lastPrompt: string | undefined;
let lastPhrase: Phrase | null = null;

export function taskWordsPhrase(prompt: readonly Span[]): Phrase | null {
  const key = prompt.map((span) => span.text).join('\u0000');
  if (key !== lastPrompt) {
    lastPrompt = key;
    lastPhrase = compileTaskWords(prompt);
  }
  return lastPhrase;
}

function compileTaskWords(prompt: readonly Span[]): Phrase | null {
  const stems = new Set<string>();
  for (const span of prompt) for (const word of span.text.match(WORD) ?? []) {
    const stem = word.slice(0, 5).toLowerCase();
    if (!COMMON.has(stem)) stems.add(stem);
  }
  if (stems.size === 0) return null;
  return { id: 'about-the-task', pattern: new RegExp(`\\b(?:${[...stems].join('|')})[a-z]*`, 'i') };
}
