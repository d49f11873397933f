/** The library entry point (`transcript-grader`). The CLI is a thin layer over these functions. */
export * from './plugin.js';
export * from './graders.js';
export { TgradeError } from './errors.js';
/** The verdict as the engine keeps it once parsed (defaults filled in); graders return `Verdict`. */
export type { Verdict as ParsedVerdict } from './grading/verdict.js';
export { locateQuote, foldWhitespace } from './transcript/parts.js';
export type { LocatedQuote } from './transcript/parts.js';
/**
 * @deprecated Internals of the LLM rubric grader, public by mistake in 0.1 (they were on the plugin
 * entry). They stay importable from here until 0.3.0; build LLM graders with `createLlmRubricGrader`.
 */
export { llmVerdictSchema, llmVerdictJsonSchema } from '../graders/llm-rubric/verdict-schema.js';
export { buildVerdictRequest, systemPrompt, transcriptMessage, neutralizeDelimiters } from '../graders/llm-rubric/prompt.js';
export { reduceVotes, voteShares, ReducerSchema } from '../graders/llm-rubric/reducers.js';
export type { Reducer, Reduction } from '../graders/llm-rubric/reducers.js';
export { checkEvidence } from '../graders/llm-rubric/evidence-check.js';
export { findInjectionAttempts } from '../graders/llm-rubric/injection.js';
export { loadSetup, bindInstances } from './config/setup.js';
export type { Setup, SetupOptions, GraderInstance } from './config/setup.js';
export { loadConfig, parseConfig } from './config/load-config.js';
export { defineConfig, ConfigSchema } from './config/schema.js';
export type { Config, ConfigInput, GraderEntry, LlmSettings, Gate } from './config/schema.js';
export { loadPlugin } from './config/load-plugins.js';
export { parseRubric, loadRubricFile, loadRubrics } from './rubric/load-rubric.js';
export { RubricFrontmatterSchema } from './rubric/schema.js';
export { readTranscripts, formatProblem } from './transcript/read-transcripts.js';
export type { InputProblem } from './transcript/read-transcripts.js';
export { normalizeRecord } from './transcript/normalize.js';
export { TranscriptSchema } from './transcript/schema.js';
export { VerdictSchema, ResultRecordSchema } from './grading/verdict.js';
export type { RecordSummary, ResultRecord, UsageRecord } from './grading/verdict.js';
export { runLabel } from './grading/run-label.js';
export type { LabelRunReport, LlmForInstance } from './grading/run-label.js';
export { ResultsStore } from './store/results-store.js';
export { labelFile, defaultResultsPath, type LabelFileOptions, type LabelFileResult } from './label.js';
export { mergeShardResults, type MergeOptions, type MergeReport } from './shard/merge-results.js';
export { resolveShard, shardOfId, type ShardSpec } from './shard/shard-spec.js';
export { summarizeResults } from './summary/results-summary.js';
export type { GraderSummary } from './summary/results-summary.js';
export { formatLabelSummary, formatCount } from './summary/format-summary.js';
export { isTgradeError, describeError } from './errors.js';
export type { ErrorCode } from './errors.js';
export * from './calibration/index.js';
/** Agreement statistics and intervals, pure functions over plain arrays. */
export * as stats from './stats/index.js';
export { importLabelledSamples } from './gold/import-labelled-samples.js';
export { importPredictions } from './gold/import-predictions.js';
export { createLlmFactory } from './providers/llm-for-instance.js';
export * as providers from './providers/index.js';
/** Batch mode (provider batch APIs, resumable), dry-run estimates, and progress display. */
export { labelFileInBatches } from './batch/label-in-batches.js';
export type { BatchLabelOptions, BatchLabelResult, BatchJobReport } from './batch/label-in-batches.js';
export { batchJobStatus } from './batch/batch-status.js';
export { batchStatePath, loadBatchState, BatchStateSchema } from './batch/batch-state.js';
export type { BatchState, BatchEntry } from './batch/batch-state.js';
export { estimateLabelRun } from './batch/dry-run.js';
export type { DryRunReport, GraderEstimate } from './batch/dry-run.js';
export { formatDryRun } from './batch/format-dry-run.js';
export { gateSentence } from './summary/format-summary.js';
export { createProgressReporter, progressMode, formatProgressLine } from './cli/progress/progress-reporter.js';
export type { ProgressMode, ProgressReporter } from './cli/progress/progress-reporter.js';
/** The labeling page (local server) and the report, as library calls. */
export { AnnotationSession } from './annotate/annotation-session.js';
export { startAnnotateServer } from './annotate/annotate-server.js';
export type { AnnotateServer, AnnotateServerOptions } from './annotate/annotate-server.js';
export { buildReportModel } from './report/report-model.js';
export type { ReportModel, ReportOptions } from './report/report-model.js';
export { renderReportHtml } from './report/render-html.js';
export { renderReportMarkdown } from './report/render-markdown.js';
/** Designed human audits and prediction-powered prevalence estimates (`tgrade audit`). */
export * from './audit/index.js';
