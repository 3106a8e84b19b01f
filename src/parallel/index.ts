// The parallel engine's front door: what the trainer and the CLI use of src/parallel/.

export { type Evaluation, Executor, type ExecutorTestOptions, MAX_THREADS, ShardFailure } from './executor.js';
export { EVALUATION_ROWS, EvalSet, REGION_ALIGN, type LayoutSizes, type LayoutViews, type SharedLayout, layoutRegions, layoutViews, planLayout } from './layout.js';
export { defaultShardCount } from './shards.js';
export { type StepPlan, planEpoch } from './step-plan.js';
export type { ShardSeconds, StepResult } from './step-result.js';
