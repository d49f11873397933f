/**
 * TF-IDF vectors (Salton & Buckley 1988, "Term-weighting approaches in automatic text retrieval",
 * Inf. Proc. & Management 24:513), with scikit-learn's TfidfVectorizer defaults so the figures can
 * be reproduced there: smooth idf = ln((1 + n) / (1 + df)) + 1, optional sublinear tf = 1 + ln(tf),
 * each vector scaled to unit L2 length. The vocabulary and idf are fitted on the training texts
 * only (inside each cross-validation fold, too), so no held-out text shapes the features.
 */
import type { SparseVector } from './sparse-rows.js';
import type { FeatureSettings } from './text-terms.js';

/** Texts as term ids of one shared dictionary, so each fold's vocabulary is a cheap re-mapping. */
export interface EncodedCorpus {
  /** id → term. */
  terms: string[];
  /** Per text: distinct term ids (ascending) and their counts. */
  documents: { ids: Int32Array; counts: Float64Array }[];
}

export interface Vocabulary {
  /** Column → term. */
  terms: string[];
  /** Column → idf. */
  idf: Float64Array;
}

export function encodeCorpus(texts: readonly Map<string, number>[]): EncodedCorpus {
  const dictionary = new Map<string, number>();
  const terms: string[] = [];
  const documents = texts.map((counts) => {
    const pairs: [number, number][] = [];
    for (const [term, count] of counts) {
      let id = dictionary.get(term);
      if (id === undefined) {
        id = terms.length;
        dictionary.set(term, id);
        terms.push(term);
      }
      pairs.push([id, count]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    return { ids: Int32Array.from(pairs, (pair) => pair[0]), counts: Float64Array.from(pairs, (pair) => pair[1]) };
  });
  return { terms, documents };
}

/**
 * The vocabulary of the texts at `training`: terms in at least `minDocumentFrequency` of them, the
 * `maxFeatures` most frequent by document frequency (ties by term, so the choice is reproducible),
 * in term order. Returns it with `columnOf`, the corpus id → column map (−1: not in it).
 */
export function fitVocabulary(corpus: EncodedCorpus, training: ArrayLike<number>, settings: FeatureSettings): Vocabulary & { columnOf: Int32Array } {
  const documentFrequency = new Int32Array(corpus.terms.length);
  for (let i = 0; i < training.length; i++) for (const id of corpus.documents[training[i]!]!.ids) documentFrequency[id]!++;
  let kept: number[] = [];
  for (let id = 0; id < documentFrequency.length; id++) if (documentFrequency[id]! >= settings.minDocumentFrequency) kept.push(id);
  const byTerm = (a: number, b: number) => (corpus.terms[a]! < corpus.terms[b]! ? -1 : corpus.terms[a]! > corpus.terms[b]! ? 1 : 0);
  if (kept.length > settings.maxFeatures) {
    kept = kept.sort((a, b) => documentFrequency[b]! - documentFrequency[a]! || byTerm(a, b)).slice(0, settings.maxFeatures);
  }
  kept.sort(byTerm);
  const columnOf = new Int32Array(corpus.terms.length).fill(-1);
  const n = training.length;
  const idf = new Float64Array(kept.length);
  kept.forEach((id, column) => {
    columnOf[id] = column;
    idf[column] = Math.log((1 + n) / (1 + documentFrequency[id]!)) + 1;
  });
  return { terms: kept.map((id) => corpus.terms[id]!), idf, columnOf };
}

/** A corpus text as a unit-length TF-IDF vector over the vocabulary. */
export function vectorizeEncoded(document: EncodedCorpus['documents'][number], columnOf: Int32Array, idf: Float64Array, settings: FeatureSettings): SparseVector {
  const pairs: [number, number][] = [];
  for (let e = 0; e < document.ids.length; e++) {
    const column = columnOf[document.ids[e]!]!;
    if (column >= 0) pairs.push([column, weight(document.counts[e]!, idf[column]!, settings)]);
  }
  return normalized(pairs);
}

/** Term counts (of a new text) as a unit-length TF-IDF vector, through a term → column map. */
export function vectorizeCounts(counts: ReadonlyMap<string, number>, columns: ReadonlyMap<string, number>, idf: Float64Array, settings: FeatureSettings): SparseVector {
  const pairs: [number, number][] = [];
  for (const [term, count] of counts) {
    const column = columns.get(term);
    if (column !== undefined) pairs.push([column, weight(count, idf[column]!, settings)]);
  }
  return normalized(pairs);
}

function weight(count: number, idf: number, settings: FeatureSettings): number {
  return (settings.sublinearTf ? 1 + Math.log(count) : count) * idf;
}

function normalized(pairs: [number, number][]): SparseVector {
  pairs.sort((a, b) => a[0] - b[0]);
  let norm = 0;
  for (const [, value] of pairs) norm += value * value;
  norm = Math.sqrt(norm);
  return {
    columns: Int32Array.from(pairs, (pair) => pair[0]),
    values: Float64Array.from(pairs, (pair) => (norm === 0 ? 0 : pair[1] / norm)),
  };
}
