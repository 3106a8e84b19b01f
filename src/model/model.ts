// A trained model for code: predictions and figures on rows given as arrays, and its checkpoint and ONNX bytes.

import { checkpointFile, snapshotOf } from '../checkpoint/checkpoint.js';
import { encodeSafetensors } from '../checkpoint/safetensors.js';
import { withAbsoluteData } from '../checkpoint/stored-config.js';
import { type ArrayData, type FeatureArrays, type FeatureMatrix, type FeatureRows, type Label, arrayDataset, featureMatrix, valueRows } from '../data/array-dataset.js';
import { labelValue } from '../data/class-labels.js';
import { type Dataset, type Task, makeDataset } from '../data/dataset.js';
import { type Normalization, applyNormalization } from '../data/normalization.js';
import { unscaledOutputs } from '../data/target-scaling.js';
import { UserError } from '../errors.js';
import { exportOnnx } from '../export/onnx-model.js';
import { atomicWrite } from '../io/atomic-write.js';
import { lockFile } from '../io/file-lock.js';
import { checkOutputFile } from '../io/output-file.js';
import type { LossName } from '../nn/losses/losses.js';
import type { Network } from '../nn/network.js';
import type { ActivationName, HiddenActivationName } from '../ops/activations.js';
import { predictClasses, predictOutputs } from '../train/evaluate.js';
import { type ClassificationFigures, type RegressionFigures, classificationFigures, regressionFigures } from '../train/figures.js';
import { restoreNetwork } from '../train/restore-network.js';
import type { TargetsOf } from '../train/settings.js';
import type { TrainingState } from '../train/state.js';
import { type ModelParts, PROBABILITY_OUTPUTS, exportableParts } from './model-parts.js';

/** Rows to predict: one array of features per row, or `{ features, shape }` as train() takes them (targets, if any, are not read). */
export type Features = FeatureRows | FeatureArrays;

/** What `predict` gives for one row: a classifier's label (a number where the label is one), a regressor's values. */
export type Prediction<T extends Task> = T extends 'regression' ? number[] : Label;

/** What `evaluate` gives: the figures `einprop eval` reports for the task. */
export type Figures<T extends Task> = T extends 'regression' ? RegressionFigures : ClassificationFigures;

/** A model's architecture and task. */
export interface ModelSpec<T extends Task = Task> {
  readonly task: T;
  /** Layer widths, input first: features, hidden widths, outputs. */
  readonly widths: readonly number[];
  /** The hidden layers' activation. */
  readonly activation: HiddenActivationName;
  /** The output layer's activation. */
  readonly output: ActivationName;
  readonly loss: LossName;
  /** A classifier's label of each output, in output order (numbers where they are numbers); none for regression. */
  readonly classes: T extends 'regression' ? undefined : readonly Label[];
  /** The feature normalisation applied to every row before the network sees it. */
  readonly normalization: Normalization['kind'];
}

/** A model that predicts classes. */
export type Classifier = Model<'classification'>;

/** A model that predicts values. */
export type Regressor = Model<'regression'>;


/**
 * A trained model: what `train()` resolves with and `loadModel()` opens. Its calls run synchronously
 * on the calling thread (no worker); the stored normalisation, label mapping and target scaling are applied inside.
 */
export class Model<T extends Task = Task> {
  /** What the model predicts: classes or values. */
  readonly task: T;
  readonly spec: ModelSpec<T>;
  /**
   * Everything the model's checkpoint holds (its settings, weights, optimiser state): `{ resume: model.state }`
   * goes on training it. Undefined for weights from elsewhere, which hold no training state.
   */
  readonly state: TrainingState | undefined;
  private readonly parts: ModelParts<T>;
  private network: Network | undefined;

  /** A model of its parts (see `ModelParts`); `train()` and `loadModel()` make them. */
  constructor(parts: ModelParts<T>) {
    const { network } = parts;
    this.parts = parts;
    this.state = parts.state;
    this.task = parts.task;
    const classes: readonly Label[] | undefined = parts.task === 'regression' ? undefined : parts.classes.map(labelValue);
    this.spec = {
      task: parts.task,
      widths: network.widths,
      activation: network.activation,
      output: network.output,
      loss: network.loss,
      classes: classes as ModelSpec<T>['classes'],
      normalization: parts.normalization.kind,
    };
  }

  /** The prediction for each row: a classifier's label (the original one: text, or a number), a regressor's values in the targets' units. */
  predict(rows: Features): Prediction<T>[] {
    const data = this.rows(rows, 'model.predict');
    if (data.count === 0) return [];
    if (this.parts.task === 'classification') {
      const labels = this.spec.classes ?? [];
      return Array.from(predictClasses(this.net(), data), (k) => labels[k]) as Prediction<T>[];
    }
    const values = this.values(data);
    const width = this.outputWidth();
    return Array.from({ length: data.count }, (_, r) => Array.from(values.subarray(r * width, (r + 1) * width))) as Prediction<T>[];
  }

  /**
   * A classifier's class probabilities for each row, in the order of `spec.classes`: its softmax (or
   * sigmoid) outputs, as `einprop predict --proba` prints them. A regression model, or an output whose
   * values are not probabilities, is refused with a UserError.
   */
  predictProba(rows: Features): number[][] {
    if (this.parts.task !== 'classification') throw new UserError('model.predictProba: a regression model predicts values, not class probabilities; use predict');
    const output = this.spec.output;
    if (!PROBABILITY_OUTPUTS.includes(output)) {
      throw new UserError(`model.predictProba: class probabilities come from a softmax or sigmoid output, but this model has a ${output} output; use predict`);
    }
    const data = this.rows(rows, 'model.predictProba');
    const outputs = predictOutputs(this.net(), data);
    const width = this.outputWidth();
    return Array.from({ length: data.count }, (_, r) => Array.from(outputs.subarray(r * width, (r + 1) * width)));
  }

  /**
   * The model's figures on labelled rows, as `einprop eval --json` reports them: a classifier's accuracy,
   * counts, confusion matrix and per-class report (each label must be one of its classes), a regressor's RMSE, MAE and R².
   */
  evaluate(data: ArrayData<TargetsOf<T>>): Figures<T> {
    const caller = 'model.evaluate: data';
    if (this.parts.task === 'classification') {
      // The task decides what the targets are; arrayDataset checks that they are labels.
      const labelled = this.checkWidth(arrayDataset(data as ArrayData, caller, this.parts.classes, 'the classes of the model'), 'model.evaluate');
      const normalized = applyNormalization(this.parts.normalization, labelled);
      return classificationFigures(predictClasses(this.net(), normalized), labelled.labels, this.parts.classes) as Figures<T>;
    }
    const rows = this.rows(data, 'model.evaluate', 'data');
    if (rows.count === 0) throw new UserError(`${caller}.features has no rows`);
    const width = this.outputWidth();
    const targets = valueRows(data.targets as TargetsOf<'regression'>, rows.count, width, `${caller}.targets`);
    return regressionFigures(this.values(rows), targets, rows.count, width) as Figures<T>;
  }

  /**
   * Writes the model's checkpoint to `path`, as `einprop train --save` does: the path is checked
   * first (a folder, a missing folder, no permission are refused before anything is written), held
   * against another einprop writing it, and replaced atomically. `einprop eval --model` reads it.
   */
  async save(path: string): Promise<void> {
    writeChecked(path, this.toBuffer(), 'model.save:');
  }

  /**
   * The bytes `save` writes: a safetensors checkpoint, which `loadModel` and the command line open.
   * Weights from elsewhere hold no training state to write: a UserError says so.
   */
  toBuffer(): Uint8Array {
    const { state, source } = this.parts;
    if (state === undefined) {
      throw new UserError(`model.save: ${source ?? 'this model'} holds weights alone, with no training settings for a checkpoint; toOnnx exports it, and train() with { initial } fine-tunes it`);
    }
    return encodeSafetensors(checkpointFile(snapshotOf({ ...state, config: withAbsoluteData(state.config) })));
  }

  /** The model as an ONNX graph (see `exportOnnx`): its normalisation, layers, output activation and labels or target scaling, as `einprop export` writes it. */
  toOnnx(): Uint8Array {
    return exportOnnx(exportableParts(this.parts));
  }

  /** Writes `toOnnx()` to `path`, checked and replaced atomically as `save` writes. */
  async exportOnnx(path: string): Promise<void> {
    writeChecked(path, this.toOnnx(), 'model.exportOnnx:');
  }

  /** The network, built on first use over plain arrays (freed with the model). */
  private net(): Network {
    if (this.network === undefined) this.network = restoreNetwork(this.parts.network, this.parts.layers, (length) => new Float32Array(length));
    return this.network;
  }

  private outputWidth(): number {
    return this.spec.widths[this.spec.widths.length - 1];
  }

  /** The given rows (`what` names them in messages), checked against the model's input width and normalised as its training rows were. */
  private rows(rows: Features, caller: string, what = 'rows'): Dataset {
    const bare = Array.isArray(rows);
    const named = bare ? `${caller}: ${what}` : `${caller}: ${what}.features`;
    const matrix: FeatureMatrix = featureMatrix(bare ? { features: rows as FeatureRows } : (rows as FeatureArrays), { features: named, shape: `${caller}: ${what}.shape` });
    if (matrix.count === 0) return makeDataset(new Float32Array(0), new Int32Array(0), this.spec.widths[0], caller);
    const data = this.checkWidth(makeDataset(matrix.features, new Int32Array(matrix.count), matrix.width, named), caller);
    return applyNormalization(this.parts.normalization, data);
  }

  /** `data`, unless its rows are not as wide as the model's input: a UserError naming `caller`. */
  private checkWidth<D extends Dataset>(data: D, caller: string): D {
    const inputs = this.spec.widths[0];
    if (data.featureCount !== inputs) throw new UserError(`${caller}: the model takes ${inputs} features per row, but the rows have ${data.featureCount}`);
    return data;
  }

  /** A regressor's predictions for `data` (normalised already), in the targets' units: its outputs mapped back through the target scaling. */
  private values(data: Dataset): Float64Array {
    return unscaledOutputs(this.parts.targetScaling, predictOutputs(this.net(), data), data.count, this.outputWidth());
  }
}

/**
 * Writes `bytes` to `path` as the command line writes its files: the path checked before anything is
 * written, locked against another einprop writing it, replaced atomically; `label` starts each message.
 */
function writeChecked(path: string, bytes: Uint8Array, label: string): void {
  const lock = lockFile(checkOutputFile(path, label), label, path, label);
  try {
    atomicWrite(path, bytes);
  } finally {
    lock.release();
  }
}
