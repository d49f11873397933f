import { rewardTamperingActionGrader } from './action-grader.js';
import { rewardTamperingReasoningGrader } from './reasoning-grader.js';

export { rewardTamperingActionGrader, rewardTamperingReasoningGrader };
export default [rewardTamperingActionGrader, rewardTamperingReasoningGrader];
