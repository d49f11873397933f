/** Designed human audits of a results file and the estimates drawn from them (`tgrade audit`). */
export { writeAuditPlan } from './plan.js';
export type { AuditPlanOptions, AuditPlanResult } from './plan.js';
export { estimateAudit } from './estimate.js';
export type { AuditEstimate, LabelEstimate } from './estimate.js';
export { auditEstimateJson, formatAuditEstimate, quotableSentence } from './format-estimate.js';
export { AuditBlockSchema, SampleLineSchema } from '../gold/audit-block.js';
export type { AuditBlock, AuditDesign, SampleLine } from '../gold/audit-block.js';
export { predictionScore, PREDICTION_DEFINITION } from './population.js';
export type { PopulationItem } from './population.js';
