// The statistics module's public surface: pure functions over plain arrays (no I/O, no SDK types).
export { betaQuantile, logBeta, logGamma, regularizedIncompleteBeta } from './beta.js';
export { clopperPearson, type ProportionInterval } from './clopper-pearson.js';
export { jeffreysInterval } from './jeffreys.js';
export { ppiMean, type PpiMeanInput, type PpiMeanResult } from './ppi-mean.js';
export { designPpiMean, type DesignPpiInput, type DesignPpiResult, type DesignStratum } from './design-ppi-mean.js';
export { stratifiedProportion, type StratumCount, type StratifiedProportion } from './stratified-estimate.js';
export { isDefined, undefinedBecause, type AgreementComponents, type Estimate, type IntervalInfo, type Statistic, type UndefinedStatistic } from './result.js';
export { seededRandom, randomIndex, type Random } from './random.js';
export {
  allIndices,
  bootstrapInterval,
  bootstrapRule,
  bootstrapSettings,
  estimateWithBootstrap,
  percentileInterval,
  withInterval,
  quantileOfSorted,
  type BootstrapInterval,
  type BootstrapOptions,
  type StatisticBootstrapOptions,
} from './bootstrap.js';
export {
  buildRatingTable,
  checkRatingTable,
  itemLabelCounts,
  raterColumn,
  ratingTableFromContingency,
  ratingTableFromCounts,
  selectRaters,
  sortedLabels,
  type BuildRatingTableOptions,
  type Rating,
  type RatingTable,
} from './ratings.js';
export { agreementWeights, labelValues, type WeightOptions, type Weights } from './weights.js';
export { percentAgreement, type PercentAgreement, type PercentAgreementOptions } from './percent-agreement.js';
export { cohenKappa, cohenKappaFromContingency, type CohenKappaOptions } from './cohen-kappa.js';
export { scottPi, scottPiFromContingency, type ScottPiOptions } from './scott-pi.js';
export type { RaterPairOptions } from './two-raters.js';
export { fleissKappa, type FleissKappaOptions } from './fleiss-kappa.js';
export { congerKappa, type CongerKappaOptions } from './conger-kappa.js';
export { brennanPrediger, type BrennanPredigerOptions } from './brennan-prediger.js';
export { gwetAc1, type GwetAcOptions } from './gwet-ac1.js';
export { coincidenceMatrix, krippendorffAlpha, type KrippendorffLevel, type KrippendorffOptions } from './krippendorff-alpha.js';
export {
  confusionMatrix,
  confusionReport,
  type ClassScores,
  type ConfusionMatrix,
  type ConfusionOptions,
  type ConfusionReport,
  type LabelPairs,
} from './confusion.js';
export { lowestThresholdForPrecision, rocAuc, rocCurve, thresholdMaximizingKappa, type RocAucOptions, type RocPoint } from './roc.js';
export { consensus, type ConsensusItem, type ConsensusOptions, type ConsensusSource } from './consensus.js';
export { correctedPrevalence, roganGladen, type PrevalenceEstimate, type PrevalenceInput } from './prevalence.js';
export { reliabilityBins, type ReliabilityBin } from './reliability.js';
