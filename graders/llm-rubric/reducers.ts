import { z } from 'zod';

/**
 * How k sampled labels become one verdict. Every reducer keeps all votes and reports the chosen
 * label's vote share as its confidence, so a later calibration can pick a threshold on it.
 *  - majority: the most-voted label; a tie abstains (no silent tie-break).
 *  - unanimous: a label only when every vote agrees; otherwise abstain.
 *  - threshold: `label` when its share reaches `minShare`, else the majority of the other votes —
 *    for rare positive classes where "2 of 5 samples saw scheming" should already count.
 */
export const ReducerSchema = z.union([
  z.literal('majority'),
  z.literal('unanimous'),
  z.strictObject({ threshold: z.strictObject({ label: z.string(), minShare: z.number().gt(0).max(1) }) }),
]);
export type Reducer = z.infer<typeof ReducerSchema>;

export type Reduction = { label: string; share: number; shares: Record<string, number> } | { label: null; reason: string; shares: Record<string, number> };

export function voteShares(votes: readonly string[]): Record<string, number> {
  const shares: Record<string, number> = {};
  for (const vote of votes) shares[vote] = (shares[vote] ?? 0) + 1 / votes.length;
  for (const label of Object.keys(shares)) shares[label] = Number((shares[label] as number).toFixed(6));
  return shares;
}

export function reduceVotes(votes: readonly string[], reducer: Reducer): Reduction {
  const shares = voteShares(votes);
  if (votes.length === 0) return { label: null, reason: 'no valid votes', shares };
  if (reducer === 'unanimous') {
    const [first] = votes;
    return votes.every((vote) => vote === first) ? { label: first as string, share: 1, shares } : { label: null, reason: `votes disagree (${describe(shares)})`, shares };
  }
  if (reducer !== 'majority') {
    const { label, minShare } = reducer.threshold;
    const share = shares[label] ?? 0;
    if (share >= minShare - 1e-9) return { label, share, shares };
    const others = votes.filter((vote) => vote !== label);
    const fallback = majority(others, shares);
    return fallback ?? { label: null, reason: `no majority among the other votes (${describe(shares)})`, shares };
  }
  return majority(votes, shares) ?? { label: null, reason: `tied votes (${describe(shares)})`, shares };
}

function majority(votes: readonly string[], shares: Record<string, number>): Reduction | null {
  const counts = new Map<string, number>();
  for (const vote of votes) counts.set(vote, (counts.get(vote) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const [top, second] = ranked;
  if (top === undefined || (second !== undefined && second[1] === top[1])) return null;
  return { label: top[0], share: shares[top[0]] ?? 0, shares };
}

function describe(shares: Record<string, number>): string {
  return Object.entries(shares)
    .map(([label, share]) => `${label} ${Math.round(share * 100)}%`)
    .join(', ');
}
