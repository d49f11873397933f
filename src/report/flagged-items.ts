import type { ResultRecord } from '../grading/verdict.js';
import type { ConsensusItem } from '../stats/index.js';

/**
 * The transcripts a reader of the report should look at: a grader disagrees with the human
 * consensus, cites evidence that is not in the transcript (`unverifiedEvidence`), met text that
 * tries to instruct it (`promptInjection`), or failed. Pure: final records and consensus in.
 */
type FlagKind = 'disagreement' | 'unverifiedEvidence' | 'promptInjection' | 'error';

interface FlagReason {
  kind: FlagKind;
  grader: string;
  detail: string;
}

export interface FlaggedItem {
  transcriptId: string;
  reasons: FlagReason[];
  /** Every grader's final record for the item, flagged or not, so the reader sees the whole picture. */
  records: ResultRecord[];
  consensus?: ConsensusItem;
}

const FLAG_ORDER: readonly FlagKind[] = ['disagreement', 'promptInjection', 'unverifiedEvidence', 'error'];

/** The human consensus of a gold set, which only verdicts on the same rubric are compared with. */
export interface Reference {
  rubric: string;
  consensus: ReadonlyMap<string, ConsensusItem>;
}

export function flaggedItems(results: ReadonlyMap<string, ReadonlyMap<string, ResultRecord>>, reference?: Reference): FlaggedItem[] {
  const byItem = new Map<string, ResultRecord[]>();
  for (const records of results.values()) {
    for (const record of records.values()) byItem.set(record.transcriptId, [...(byItem.get(record.transcriptId) ?? []), record]);
  }
  const flagged: FlaggedItem[] = [];
  for (const [transcriptId, records] of byItem) {
    const consensus = reference?.consensus.get(transcriptId);
    const reasons = records.flatMap((record) => reasonsOf(record, record.rubric === reference?.rubric ? consensus : undefined));
    if (reasons.length === 0) continue;
    reasons.sort((a, b) => FLAG_ORDER.indexOf(a.kind) - FLAG_ORDER.indexOf(b.kind));
    flagged.push({ transcriptId, reasons, records, ...(consensus === undefined ? {} : { consensus }) });
  }
  // Disagreements with people first, then injection attempts, unverified evidence, errors.
  const rank = (item: FlaggedItem) => FLAG_ORDER.indexOf(item.reasons[0]!.kind);
  return flagged.sort((a, b) => rank(a) - rank(b));
}

function reasonsOf(record: ResultRecord, consensus: ConsensusItem | undefined): FlagReason[] {
  const reasons: FlagReason[] = [];
  const grader = record.grader;
  if (record.status === 'error') reasons.push({ kind: 'error', grader, detail: record.error ?? 'error' });
  if (record.status === 'ok' && record.label !== null && consensus?.label != null && consensus.label !== record.label) {
    reasons.push({ kind: 'disagreement', grader, detail: `${grader} says ${record.label}; the consensus (${consensus.source}) is ${consensus.label}` });
  }
  const flags = record.flags ?? [];
  if (flags.includes('promptInjection')) reasons.push({ kind: 'promptInjection', grader, detail: `${grader} saw text that tries to instruct the grader` });
  if (flags.includes('unverifiedEvidence')) {
    const missing = (record.evidence ?? []).filter((evidence) => evidence.start === null).length;
    reasons.push({ kind: 'unverifiedEvidence', grader, detail: `${grader} cites ${missing === 1 ? 'a quote' : `${missing} quotes`} not found in the transcript` });
  }
  return reasons;
}
