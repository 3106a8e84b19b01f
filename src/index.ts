// The package's main entry: einprop's public API.

export { type BoundEinsum, type CompiledEinsum, type EinsumOptions, compileEinsum, einsum, explainEinsum } from './einsum/einsum.js';
export { EinsumError } from './einsum/einsum-error.js';
export type { PlanOptions } from './einsum/plan.js';
export type { ScratchPlace } from './einsum/scratch.js';
export type { PathStrategyName } from './einsum/path.js';
export type { DType, Storage } from './tensor/dtype.js';
export type { NumericArray } from './tensor/tensor.js';
export { Tensor, tensor, zeros } from './tensor/tensor.js';
export { Random, type RandomState } from './tensor/random.js';
/** `Task` under the names the model and the exporter gave it. */
export type { Task as ExportTask, Task as ModelTask } from './data/dataset.js';
export { type ClassificationDataset, type Dataset, type RegressionDataset, type Task, makeDataset, makeRegressionDataset, outputCount, subsetDataset } from './data/dataset.js';
export { type TargetScaling, type TargetScalingName, fitTargetScaling, parseTargetScaling, scaledTargets, unscaledOutputs } from './data/target-scaling.js';
export { type ClassWeightName, balancedClassWeights } from './data/class-weights.js';
export { loadDataset } from './data/load-dataset.js';
export { loadMnist } from './data/mnist.js';
export { type ClassificationLoad, formatCsv, type LoadOptions, loadCsv, parseCsv, type RegressionLoad, tableDataset, writeCsv } from './data/csv.js';
export { type Table, parseTable, readTable } from './data/read-table.js';
export type { DelimiterName, HeaderMode, TableOptions } from './data/table-options.js';
export type { SettingKey, SettingNames } from './data/setting-names.js';
export type { TableLayout } from './data/table-layout.js';
export type { TargetColumn } from './data/target-column.js';
export type { DataSchema } from './data/data-schema.js';
export { loadIdx, loadIdxPair } from './data/load-idx.js';
export { applyNormalization, fitNormalization, type Normalization, parseNormalization } from './data/normalization.js';
export { splitDataset } from './data/split-dataset.js';
export { type HeldOut, type Strata, holdOut } from './data/hold-out.js';
export { epochOrder } from './data/epoch-order.js';
export { checkModelFitsData } from './data/check-model-fits-data.js';
export { syntheticDigits } from './data/synthetic-digits.js';
export type { Optimizer, OptimizerState } from './optim/optimizer.js';
export { createOptimizer } from './optim/create-optimizer.js';
export { learningRate } from './optim/learning-rate.js';
export { optimizerStateNames } from './optim/optimizer-state-names.js';
export {
  type Expr,
  type ElementwiseName,
  apply,
  constant,
  delta,
  freeIndices,
  negate,
  product,
  ref,
  softmax,
  sum,
} from './calculus/expr.js';
export { derive } from './calculus/derive.js';
export { simplify } from './calculus/simplify.js';
export { type Backward, type BackwardOptions, backward } from './calculus/backward.js';
export type { Contraction, NamedFactor } from './calculus/contraction.js';
export { jacobian } from './calculus/jacobian.js';
export { evaluate } from './calculus/evaluate.js';
export { type RuleTable, rules } from './calculus/rules.js';
export { type Equation, parseEquation } from './calculus/parse.js';
export { printIndex } from './calculus/print-index.js';
export { printBlog } from './calculus/print-blog.js';
export { type DenseLayerContractions, type NamedContraction, denseLayerContractions } from './calculus/dense-layer.js';
export type { ActivationName, HiddenActivationName, InitName, LossName, ModelConfig, NormalizeName, OptimizerConfig, OptimizerName, ScheduleName, TrainConfig } from './train/config.js';
export { Network, type NetworkSpec } from './nn/network.js';
export { type Targets, classTargets, valueTargets } from './nn/targets.js';
export { parameterLayout, type ParameterLayout } from './nn/parameters.js';
export type { RunOptions } from './train/trainer.js';
export { type Trained, train } from './model/train.js';
export { type Classifier, type Features, type Figures, Model, type ModelSpec, type Prediction, type Regressor } from './model/model.js';
export { type LoadModelOptions, loadModel } from './model/load-model.js';
export type { ModelNetwork, ModelParts, WeightsArchitecture } from './model/model-parts.js';
export { type TaskInfo, taskOf } from './model/task.js';
export type { Columns, DataSpec, TargetsOf, TrainSettings } from './train/settings.js';
export { defaultInit, defaultLearningRate, defaultThreads, defaults } from './train/defaults.js';
export type { ArrayData, ClassTargets, FeatureArrays, FeatureRows, Label, ValueTargets } from './data/array-dataset.js';
export { Interrupted, ReportedError, UserError, type ExitCode } from './errors.js';
export type { EpochProgress, HeldOutFields, Progress, TrainResult } from './train/reports.js';
export type { EarlyStoppingRecord, LayerState, TrainingState } from './train/state.js';
export type { EarlyStoppingState } from './train/early-stopping.js';
export { confusionMatrix, evaluate as evaluateAccuracy, largestOutputs, predictClasses, predictOutputs } from './train/evaluate.js';
export {
  type ClassificationFigures,
  type ClassLine,
  type RegressionFigures,
  type RegressionScores,
  type SetFigures,
  classificationFigures,
  regressionFigures,
  regressionScores,
} from './train/figures.js';
export { type ClassReport, type ClassScores, classReport } from './train/class-report.js';
export { type ExportableModel, ONNX_OPSET, exportOnnx } from './export/onnx-model.js';
export { writeOnnx } from './export/write-onnx.js';
