import { TgradeError } from '../errors.js';
import type { TextSpan } from './text-terms.js';

/** Below this many items a label trains, with a warning that its cross-validation figures are unreliable. */
const FEW_ITEMS = 10;

/**
 * Refuses data no honest model can come from, naming the file and what to do: a label outside the
 * rubric, a single label, a label with fewer than 2 items (no fold can hold one out while training
 * on another), empty texts. Rare labels (fewer than 10) train with a warning: they are the point
 * of distillation. Returns the label order (the rubric's, restricted to labels present).
 */
export function checkTrainingItems(items: readonly TrainingItem[], rubricLabels: readonly string[], file: string): { labels: string[]; warnings: string[] } {
  const unknown = [...new Set(items.map((item) => item.label).filter((label) => !rubricLabels.includes(label)))];
  if (unknown.length > 0) {
    throw new TgradeError('E_TRAINING_DATA', `${file}: label(s) ${unknown.join(', ')} are not in the rubric (${rubricLabels.join(', ')}); train with the rubric these labels belong to`, { details: { file } });
  }
  const empty = items.filter((item) => item.spans.every((span) => span.text.trim() === ''));
  if (empty.length > 0) {
    const named = empty.slice(0, 5).map((item) => `${item.origin} (${item.id})`).join(', ');
    throw new TgradeError(
      'E_TRAINING_DATA',
      `${file}: ${empty.length} item(s) have no text in the parts the rubric reads: ${named}${empty.length > 5 ? ', …' : ''}; remove them from the training data, or check that the transcripts have those parts`,
      { details: { file } },
    );
  }
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.label, (counts.get(item.label) ?? 0) + 1);
  const labels = rubricLabels.filter((label) => counts.has(label));
  if (labels.length < 2) {
    throw new TgradeError(
      'E_TRAINING_DATA',
      `${file}: every one of the ${items.length} item(s) has the label ${labels.length === 0 ? '(none)' : `"${labels[0]}"`}; a classifier needs examples of at least two labels — add items of another label`,
      { details: { file } },
    );
  }
  const tooFew = labels.filter((label) => counts.get(label)! < 2);
  if (tooFew.length > 0) {
    throw new TgradeError(
      'E_TRAINING_DATA',
      `${file}: label(s) ${tooFew.map((label) => `"${label}" (${counts.get(label)} item)`).join(', ')} have fewer than 2 items, so no cross-validation fold can hold one out; add examples or merge the label into another`,
      { details: { file } },
    );
  }
  const warnings = labels
    .filter((label) => counts.get(label)! < FEW_ITEMS)
    .map((label) => `label "${label}" has only ${counts.get(label)} items (fewer than ${FEW_ITEMS}): its cross-validation figures are unreliable`);
  return { labels, warnings };
}

export interface TrainingItem {
  id: string;
  label: string;
  /** The parts the rubric reads, as spans of the transcript text. */
  spans: TextSpan[];
  /** Where the item came from, for error messages ("file:line"). */
  origin: string;
}
