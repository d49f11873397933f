import { parseRegExpLiteral, type AST } from '@eslint-community/regexpp';

/**
 * Words a phrase's pattern cannot match without: for a pattern, a list of anchor sets such that
 * every match of the pattern, in any text, has for each set one of its anchors standing at the
 * start of a word of the text (lower-cased). A text in which some set has no anchor at a word
 * start cannot contain a match, so the pattern need not run on it (see anchor-index.ts).
 *
 * Why this is exact (never drops a match), for the patterns it accepts:
 *  - An anchor is a run of literal ASCII word characters ([A-Za-z0-9_]) in the pattern, read where
 *    the character before it in any match is known not to be a word character: after `\b`, `^`, a
 *    literal non-word character, or a class of only non-word characters (`\s`, `[\s-]`). Zero-width
 *    assertions consume nothing, so the text a match covers is the concatenation of what its
 *    consuming parts matched; ignoring a lookaround only forgets a condition, it never adds one.
 *  - A sequence's match contains each of its elements' matches; an alternation's match is one of
 *    its branches' (so the anchor sets of the branches are joined); a quantified element with a
 *    minimum of 1 or more contains one repetition in the context before it; one with a minimum of
 *    0 gives no anchor.
 *  - Case: without the `u` and `v` flags, `i` folds only ASCII letters onto ASCII letters (ECMA-262
 *    Canonicalize: a character ≥ 128 never folds to one below 128), so a match of a literal ASCII
 *    run is that run up to ASCII case; and `\w`/`\b` are ASCII. With `u` or `v`, `i` also folds
 *    `ſ` onto `s` and the Kelvin sign onto `k`, and `\w` grows with them: such patterns get no
 *    anchors (they always run).
 * Anything the walk does not know (back-references, `.`, classes with word characters, unknown
 * syntax) contributes no anchor and, where it matters, is taken to end in a word character, which
 * only makes the result weaker. A pattern with no anchor set at all returns null.
 */
export type AnchorSets = string[][];

/** Anchor sets longer than this are dropped: many short words filter little and cost a lookup each. */
const MAX_ANCHORS_PER_SET = 32;
/** Sets kept per pattern, most selective first: two decide nearly every text. */
const MAX_SETS = 2;
/**
 * Words so common that a set holding one filters almost nothing, while each of their many
 * occurrences costs the scan a step: such a set (or one with a word of one or two letters) is kept
 * only when a pattern has no other. Speed only: a kept set is exact either way.
 */
const COMMON_WORDS = new Set(['the', 'and', 'for', 'not', 'that', 'this', 'with', 'will', 'can', 'you', 'are', 'was', 'but', 'have', 'from', 'they', 'what', 'there', 'their']);

export function anchorSetsOf(pattern: RegExp): AnchorSets | null {
  if (pattern.unicode || pattern.flags.includes('v')) return null;
  let literal: AST.RegExpLiteral;
  try {
    literal = parseRegExpLiteral(pattern);
  } catch {
    return null; // syntax the parser does not know: the pattern always runs
  }
  const { alternatives } = literal.pattern;
  const sets =
    alternatives.length === 1
      ? sequenceOf((alternatives[0] as AST.Alternative).elements, false).sets
      : oneSet(unionOf(alternatives.map((alternative) => bestOf(sequenceOf(alternative.elements, false).sets))));
  const ranked = sets.sort(bySelectivity);
  const useful = ranked.filter((set) => set.every((anchor) => anchor.length >= 3 && !COMMON_WORDS.has(anchor)));
  const kept = (useful.length > 0 ? useful : ranked).slice(0, useful.length > 0 ? MAX_SETS : 1);
  return kept.length === 0 ? null : kept;
}

interface Walk {
  /** Anchor sets every match of the element has (each: one of its anchors at a word start). */
  sets: string[][];
  /** True when, after the element, a word character would start a word (the last one consumed is not a word character). */
  atWordStart: boolean;
}

const NO_ANCHORS: string[][] = [];

function sequenceOf(elements: readonly AST.Element[], atWordStartBefore: boolean): Walk {
  const sets: string[][] = [];
  let atWordStart = atWordStartBefore;
  for (let index = 0; index < elements.length; index += 1) {
    const element = elements[index] as AST.Element;
    if (atWordStart && isWordCharacter(element)) {
      // A run of literal word characters starting a word: the run itself is an anchor.
      let run = '';
      while (index < elements.length && isWordCharacter(elements[index] as AST.Element)) {
        run += String.fromCharCode((elements[index] as AST.Character).value).toLowerCase();
        index += 1;
      }
      index -= 1;
      sets.push([run]);
      atWordStart = false;
      continue;
    }
    const walk = elementOf(element, atWordStart);
    sets.push(...walk.sets);
    atWordStart = walk.atWordStart;
  }
  return { sets, atWordStart };
}

function elementOf(element: AST.Element, atWordStartBefore: boolean): Walk {
  switch (element.type) {
    case 'Character':
      return { sets: NO_ANCHORS, atWordStart: !isWordCode(element.value) };
    case 'CharacterSet':
      // \s and \W consume a non-word character; \w, \d, `.` and \p{…} may consume a word character.
      return { sets: NO_ANCHORS, atWordStart: isNonWordSet(element) };
    case 'CharacterClass':
      return { sets: NO_ANCHORS, atWordStart: !element.negate && !element.unicodeSets && element.elements.every(isNonWordClassMember) };
    case 'Assertion':
      if (element.kind === 'word') return { sets: NO_ANCHORS, atWordStart: !element.negate };
      if (element.kind === 'start') return { sets: NO_ANCHORS, atWordStart: true }; // start of input or after a line terminator
      return { sets: NO_ANCHORS, atWordStart: atWordStartBefore }; // `$` and lookarounds consume nothing
    case 'Group':
      if (element.modifiers !== null) return { sets: NO_ANCHORS, atWordStart: false }; // (?i:…) changes the folding: no anchors
      return alternativesOf(element.alternatives, atWordStartBefore);
    case 'CapturingGroup':
      return alternativesOf(element.alternatives, atWordStartBefore);
    case 'Quantifier': {
      if (element.max === 0) return { sets: NO_ANCHORS, atWordStart: atWordStartBefore };
      const first = elementOf(element.element, atWordStartBefore);
      // After k ≥ 1 repetitions the context is at least that of "not at a word start" before the last one.
      const afterRepetitions = elementOf(element.element, false).atWordStart;
      const atWordStart = afterRepetitions && (element.min > 0 || atWordStartBefore);
      return { sets: element.min > 0 ? first.sets : NO_ANCHORS, atWordStart };
    }
    default:
      return { sets: NO_ANCHORS, atWordStart: false }; // back-references and anything newer
  }
}

function alternativesOf(alternatives: readonly AST.Alternative[], atWordStartBefore: boolean): Walk {
  const walks = alternatives.map((alternative) => sequenceOf(alternative.elements, atWordStartBefore));
  if (walks.length === 1) return walks[0] as Walk;
  return { sets: oneSet(unionOf(walks.map((walk) => bestOf(walk.sets)))), atWordStart: walks.every((walk) => walk.atWordStart) };
}

/** Each branch's best set joined: a match of the alternation is a match of one branch. */
function unionOf(perBranch: readonly (string[] | null)[]): string[] | null {
  const union = new Set<string>();
  for (const set of perBranch) {
    if (set === null) return null;
    for (const anchor of set) union.add(anchor);
  }
  return union.size > MAX_ANCHORS_PER_SET ? null : [...union];
}

function oneSet(set: string[] | null): string[][] {
  return set === null ? NO_ANCHORS : [set];
}

function bestOf(sets: readonly string[][]): string[] | null {
  return [...sets].sort(bySelectivity)[0] ?? null;
}

/** Longer anchors are rarer words: the set whose shortest anchor is longest first, then the smaller set. */
function bySelectivity(a: readonly string[], b: readonly string[]): number {
  return shortest(b) - shortest(a) || a.length - b.length;
}

function shortest(set: readonly string[]): number {
  return Math.min(...set.map((anchor) => anchor.length));
}

function isWordCharacter(element: AST.Element): element is AST.Character {
  return element.type === 'Character' && isWordCode(element.value);
}

/** `\w` without the `u` flag: ASCII letters, digits and `_`. */
function isWordCode(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}

function isNonWordSet(set: AST.CharacterSet): boolean {
  return set.kind === 'space' ? !set.negate : set.kind === 'word' ? set.negate : false;
}

function isNonWordClassMember(member: AST.CharacterClassElement): boolean {
  if (member.type === 'Character') return !isWordCode(member.value);
  if (member.type === 'CharacterSet') return member.kind !== 'property' && isNonWordSet(member);
  if (member.type === 'CharacterClassRange') return !rangeHasWordCode(member.min.value, member.max.value);
  return false;
}

function rangeHasWordCode(min: number, max: number): boolean {
  for (let code = min; code <= Math.min(max, 0x7a); code += 1) if (isWordCode(code)) return true;
  return false;
}
