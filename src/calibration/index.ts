/**
 * The calibration module's public surface (gold sets, agreement, grader calibration, profiles),
 * for `src/index.ts` to re-export. Everything here is pure except the readers/writers named so.
 */
export { agreementJson, agreementReport, agreementReportOfTable, pairwiseCohen } from './agreement-report.js';
export type { AgreementOptions, AgreementReport, ItemDisagreement, PairwiseCohen } from './agreement-report.js';
export { hasConfidence, positiveScore, type ScoredVerdict } from './binary-score.js';
export { calibrateGoldSet, instancesFor } from './calibrate-gold-set.js';
export type { CalibrateOptions, CalibrationReport, ConsensusSummary } from './calibrate-gold-set.js';
export { buildProfile, CalibrationProfileSchema, graderConfigHash, loadProfile, profilePath, writeProfile } from './calibration-profile.js';
export type { CalibrationProfile } from './calibration-profile.js';
export { readFinalResults } from './final-results.js';
export { formatAgreementReport } from './format-agreement.js';
export { formatCalibrationReport } from './format-calibration.js';
export { formatCorrectedShare, formatProfilePrevalence } from './format-prevalence.js';
export { ratingsOf, sortGoldRatings, type GoldRatings } from '../gold/gold-ratings.js';
export { GoldSetSchema, goldSetPaths, loadGoldSetSpec, raterKind, RaterKindSchema } from '../gold/gold-set.js';
export type { GoldSetPaths, GoldSetSpec, RaterKind } from '../gold/gold-set.js';
export { evaluateGrader } from './grader-evaluation.js';
export type { ClassEvaluation, Coverage, EvaluationInput, GraderDisagreement, GraderEvaluation, Prediction, ThresholdChoice } from './grader-evaluation.js';
export { pairsOfMatrix, profilePrevalence } from './profile-prevalence.js';
export type { CorrectedLabelShare, ProfilePrevalence, ProfilePrevalenceOptions } from './profile-prevalence.js';
export { appendRating, RatingRecordSchema, readRatingsFile, splitCsvLine } from '../gold/ratings-file.js';
export type { RatingRecord, RatingsFile, RatingsProblem } from '../gold/ratings-file.js';
export { formatStatistic, reported, ReportedStatisticSchema, type ReportedStatistic } from './reported-statistic.js';
export { checkProfiles, prevalenceFromProfiles } from './run-prevalence.js';
export { labelFileWithProfiles, labelFileInBatchesWithProfiles } from './label-with-profiles.js';
export type { ProfilesOption, CorrectedPrevalenceResult } from './label-with-profiles.js';
