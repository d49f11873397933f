/** The library entry point (`transcript-grader`). The CLI is a thin layer over these functions. */
export * from './plugin.js';
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
export type { ResultRecord, UsageRecord } from './grading/verdict.js';
export { runLabel } from './grading/run-label.js';
export type { LabelRunReport, LlmForInstance } from './grading/run-label.js';
export { ResultsStore } from './store/results-store.js';
export { labelFile, defaultResultsPath } from './label.js';
export { summarizeResults } from './summary/results-summary.js';
export type { GraderSummary } from './summary/results-summary.js';
export { formatLabelSummary, formatCount } from './summary/format-summary.js';
export { isTgradeError, describeError } from './errors.js';
export type { ErrorCode } from './errors.js';
export * from './calibration/index.js';
/** Agreement statistics and intervals, pure functions over plain arrays. */
export * as stats from './stats/index.js';
export { importLabelledSamples } from './import/labelled-samples.js';
export { importPredictions } from './import/predictions.js';
export { createLlmFactory } from './llm/llm-for-instance.js';
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
export { createProgressReporter, progressMode, formatProgressLine } from './progress/progress-reporter.js';
export type { ProgressMode, ProgressReporter } from './progress/progress-reporter.js';
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
