import { resolve } from 'node:path';
import { defineGrader, loadLearnedModel, textOf, type LearnedModel, type Rubric } from 'transcript-grader/plugin';
import { TgradeError } from '../../src/errors.js';
import { LearnedOptionsSchema, type LearnedOptions } from './options.js';

/**
 * A grader learned from labels (`tgrade train`): a TF-IDF + logistic-regression model scores the
 * parts the rubric reads. Its verdict is the label (by the threshold rule), the label's probability
 * as `confidence`, every label's probability as `scores`, and as evidence the sentences whose
 * terms pushed the score toward that label most, so a reviewer sees why.
 */
const models = new Map<string, Promise<LearnedModel>>();

export const learnedGrader = defineGrader<LearnedOptions>({
  id: 'learned',
  rubrics: '*',
  description: 'A linear text model trained with `tgrade train` (options.model: the model file, relative to the config).',
  options: LearnedOptionsSchema,
  async grade(transcript, ctx) {
    const model = await modelFor(resolve(ctx.configDir ?? process.cwd(), ctx.options.model), ctx.rubric);
    const spans = textOf(transcript, model.reads);
    if (spans.every((span) => span.text.trim() === '')) return { status: 'abstain', reason: `nothing to read in ${model.reads.join(' + ')}` };
    const analysis = model.analyze(spans);
    const { probabilities } = analysis;
    const chosen = model.choose(probabilities, ctx.options.threshold);
    const runnerUp = probabilities.reduce((best, p, k) => (k !== chosen && (best < 0 || p > probabilities[best]!) ? k : best), -1);
    const evidence = analysis.evidence(chosen, runnerUp, ctx.options.evidence).map(({ start, end }) => ({ quote: transcript.text.slice(start, end), start, end }));
    return {
      status: 'ok',
      label: model.labels[chosen]!,
      confidence: round(probabilities[chosen]!),
      scores: Object.fromEntries(model.labels.map((label, k) => [label, round(probabilities[k]!)])),
      evidence,
    };
  },
});

export default [learnedGrader];

/** Loads each model file once per process; a model for another rubric is refused. */
function modelFor(file: string, rubric: Rubric): Promise<LearnedModel> {
  let loading = models.get(file);
  if (loading === undefined) {
    loading = loadLearnedModel(file);
    models.set(file, loading);
    loading.catch(() => models.delete(file));
  }
  return loading.then((model) => {
    if (model.rubricId !== rubric.id) {
      throw new TgradeError('E_MODEL_INVALID', `${file}: the model was trained for rubric "${model.rubricId}", not "${rubric.id}"; retrain with \`tgrade train --rubric ${rubric.id}\``);
    }
    const unknown = model.labels.filter((label) => !rubric.labels.some((known) => known.name === label));
    if (unknown.length > 0) throw new TgradeError('E_MODEL_INVALID', `${file}: label(s) ${unknown.join(', ')} are not in rubric "${rubric.id}" any more; retrain the model`);
    return model;
  });
}

function round(value: number): number {
  return Number(value.toFixed(6));
}
