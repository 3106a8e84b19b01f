// A trained model for code: predictions and figures on rows given as arrays, and its checkpoint and ONNX bytes.

import { checkpointFile } from '../checkpoint/checkpoint.js';
import { encodeSafetensors } from '../checkpoint/safetensors.js';
import { type ArrayData, type FeatureArrays, type FeatureMatrix, type FeatureRows, type Label, arrayDataset, featureMatrix, valueRows } from '../data/array-dataset.js';
import { labelValue } from '../data/class-labels.js';
import { type Dataset, type Task, makeDataset } from '../data/dataset.js';
import { absoluteSpec } from '../data/load-dataset.js';
import { applyNormalization } from '../data/normalization.js';
import { UserError } from '../errors.js';
import { type ExportableModel, exportOnnx } from '../export/onnx-model.js';
import { atomicWrite } from '../io/atomic-write.js';
import { lockFile } from '../io/file-lock.js';
import { checkOutputFile } from '../io/output-file.js';
import type { LossName } from '../nn/losses/losses.js';
import type { Network, NetworkSpec } from '../nn/network.js';
import type { ActivationName, HiddenActivationName } from '../ops/activations.js';
import { predictClasses } from '../train/evaluate.js';
import { type ClassificationFigures, type RegressionFigures, classificationFigures, regressionFigures } from '../train/figures.js';
import { restoreNetwork } from '../train/restore-network.js';
import { type TargetsOf, isArraySource } from '../train/settings.js';
import type { TrainingState } from '../train/state.js';
import type { TaskInfo } from './task.js';

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
  readonly normalization: TrainingState['normalization']['kind'];
}

/** A model that predicts classes. */
export type Classifier = Model<'classification'>;

/** A model that predicts values. */
export type Regressor = Model<'regression'>;

/**
 * A trained model: what `train()` resolves with and `loadModel()` opens. Its calls run synchronously
 * on the calling thread (no worker); the stored normalisation and label mapping are applied inside.
 */
export class Model<T extends Task = Task> {
  /** What the model predicts: classes or values. */
  readonly task: T;
  readonly spec: ModelSpec<T>;
  /** Everything the model's checkpoint holds (its settings, weights, optimiser state): `{ resume: model.state }` goes on training it. */
  readonly state: TrainingState;
  private readonly info: TaskInfo<T>;
  private network: Network | undefined;

  /** A model of a trained state and its task (see `taskOf`); `train()` and `loadModel()` make them. */
  constructor(state: TrainingState, info: TaskInfo<T>) {
    const { model } = state.config;
    const widths = state.layers.length === 0 ? [] : [state.layers[0].inputs, ...state.layers.map((layer) => layer.outputs)];
    this.state = state;
    this.info = info;
    this.task = info.task;
    const classes: readonly Label[] | undefined = info.task === 'regression' ? undefined : state.schema.classes.map(labelValue);
    this.spec = {
      task: info.task,
      widths,
      activation: model.activation,
      output: model.output,
      loss: model.loss,
      classes: classes as ModelSpec<T>['classes'],
      normalization: state.normalization.kind,
    };
  }

  /** The prediction for each row: a classifier's label (the original one: text, or a number), a regressor's values in the targets' units. */
  predict(rows: Features): Prediction<T>[] {
    const data = this.rows(rows, 'model.predict');
    if (data.count === 0) return [];
    if (this.info.task === 'classification') {
      const labels = this.spec.classes ?? [];
      return Array.from(predictClasses(this.net(), data), (k) => labels[k]) as Prediction<T>[];
    }
    const values = this.values(data);
    const width = values.length / data.count;
    return Array.from({ length: data.count }, (_, r) => Array.from(values.subarray(r * width, (r + 1) * width))) as Prediction<T>[];
  }

  /** A classifier's output for each row: one probability per class, in the order of `spec.classes` (the output layer's values, probabilities under softmax). */
  predictProba(rows: Features): number[][] {
    if (this.info.task !== 'classification') throw new UserError('model.predictProba: a regression model predicts values, not class probabilities; use predict');
    const data = this.rows(rows, 'model.predictProba');
    const outputs = this.outputs(data);
    const width = this.spec.widths[this.spec.widths.length - 1];
    return Array.from({ length: data.count }, (_, r) => Array.from(outputs.subarray(r * width, (r + 1) * width)));
  }

  /**
   * The model's figures on labelled rows, as `einprop eval` reports them: a classifier's accuracy,
   * counts and confusion matrix (each label must be one of its classes), a regressor's RMSE, MAE and R².
   */
  evaluate(data: ArrayData<TargetsOf<T>>): Figures<T> {
    const caller = 'model.evaluate: data';
    if (this.info.task === 'classification') {
      // The task decides what the targets are; arrayDataset checks that they are labels.
      const labelled = this.checkWidth(arrayDataset(data as ArrayData, caller, this.state.schema.classes, 'the classes of the model'), 'model.evaluate');
      const normalized = applyNormalization(this.state.normalization, labelled);
      return classificationFigures(predictClasses(this.net(), normalized), labelled.labels, this.state.schema.classes) as Figures<T>;
    }
    const rows = this.rows(data, 'model.evaluate', 'data');
    if (rows.count === 0) throw new UserError(`${caller}.features has no rows`);
    const predicted = this.values(rows);
    const width = predicted.length / rows.count;
    return regressionFigures(predicted, valueRows(data.targets as TargetsOf<'regression'>, rows.count, width, `${caller}.targets`), rows.count, width) as Figures<T>;
  }

  /**
   * Writes the model's checkpoint to `path`, as `einprop train --save` does: the path is checked
   * first (a folder, a missing folder, no permission are refused before anything is written), held
   * against another einprop writing it, and replaced atomically. `einprop eval --model` reads it.
   */
  async save(path: string): Promise<void> {
    writeChecked(path, this.toBuffer(), 'model.save:');
  }

  /** The bytes `save` writes: a safetensors checkpoint, which `loadModel` opens. */
  toBuffer(): Uint8Array {
    if (this.info.task !== 'classification') throw new UserError("model.save: this einprop's checkpoints hold classifiers; a regression model's target scaling has no place in them");
    const { config } = this.state;
    const stored = { ...config, data: storedSpec(config.data), test: config.test === undefined ? undefined : storedSpec(config.test) };
    return encodeSafetensors(checkpointFile({ ...this.state, config: stored }));
  }

  /** The model as an ONNX graph (see `exportOnnx`): its normalisation, layers, output activation and labels, as `einprop export` writes it. */
  toOnnx(): Uint8Array {
    return exportOnnx(this.exportable());
  }

  /** Writes `toOnnx()` to `path`, checked and replaced atomically as `save` writes. */
  async exportOnnx(path: string): Promise<void> {
    writeChecked(path, this.toOnnx(), 'model.exportOnnx:');
  }

  /** The model as the ONNX exporter takes it. */
  private exportable(): ExportableModel {
    const { spec, state, info } = this;
    const base = { widths: spec.widths, activation: spec.activation, output: spec.output, layers: state.layers, normalization: state.normalization };
    if (info.task === 'regression') return { ...base, task: 'regression', ...(info.targetScaling === undefined ? {} : { targetScaling: info.targetScaling }) };
    return { ...base, task: 'classification', classes: spec.classes ?? [] };
  }

  /** The network, built on first use over plain arrays (freed with the model). */
  private net(): Network {
    if (this.network === undefined) {
      const { spec, state } = this;
      const networkSpec: NetworkSpec = { widths: spec.widths, activation: spec.activation, output: spec.output, loss: spec.loss, ...(state.config.model.huberDelta === undefined ? {} : { huberDelta: state.config.model.huberDelta }) };
      this.network = restoreNetwork(networkSpec, state.layers, (length) => new Float32Array(length));
    }
    return this.network;
  }

  /** The given rows (`what` names them in messages), checked against the model's input width and normalised as its training rows were. */
  private rows(rows: Features, caller: string, what = 'rows'): Dataset {
    const bare = Array.isArray(rows);
    const named = bare ? `${caller}: ${what}` : `${caller}: ${what}.features`;
    const matrix: FeatureMatrix = featureMatrix(bare ? { features: rows as FeatureRows } : (rows as FeatureArrays), { features: named, shape: `${caller}: ${what}.shape` });
    if (matrix.count === 0) return makeEmpty(this.spec.widths[0], caller);
    const data = this.checkWidth(makeDataset(matrix.features, new Int32Array(matrix.count), matrix.width, named), caller);
    return applyNormalization(this.state.normalization, data);
  }

  /** `data`, unless its rows are not as wide as the model's input: a UserError naming `caller`. */
  private checkWidth<D extends Dataset>(data: D, caller: string): D {
    const inputs = this.spec.widths[0];
    if (data.featureCount !== inputs) throw new UserError(`${caller}: the model takes ${inputs} features per row, but the rows have ${data.featureCount}`);
    return data;
  }

  /** The output layer's values for every row of `data` (normalised already), row-major. */
  private outputs(data: Dataset): Float32Array {
    const network = this.net();
    const width = data.featureCount;
    const outputs = this.spec.widths[this.spec.widths.length - 1];
    const values = new Float32Array(data.count * outputs);
    for (let start = 0; start < data.count; start += network.maxRows) {
      const rows = Math.min(network.maxRows, data.count - start);
      network.input.set(data.features.subarray(start * width, (start + rows) * width));
      values.set(network.forward(rows).subarray(0, rows * outputs), start * outputs);
    }
    return values;
  }

  /** A regressor's predictions for `data`, in the targets' units: its outputs mapped back through the target scaling. */
  private values(data: Dataset): Float64Array {
    const outputs = this.outputs(data);
    const values = Float64Array.from(outputs);
    const scaling = this.info.targetScaling;
    if (scaling === undefined) return values;
    const width = scaling.mean.length;
    for (let i = 0; i < values.length; i++) values[i] = values[i] * scaling.std[i % width] + scaling.mean[i % width];
    return values;
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

/** A dataset of no rows, as wide as the model's input. */
function makeEmpty(width: number, source: string): Dataset {
  return makeDataset(new Float32Array(0), new Int32Array(0), width, source);
}

/** The data spec as a checkpoint keeps it: a file's path made absolute, as the command line saves it; arrays by their field's name. */
function storedSpec(spec: string): string {
  return isArraySource(spec) ? spec : absoluteSpec(spec);
}
