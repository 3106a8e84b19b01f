// A TrainConfig read back from a checkpoint's JSON metadata, every field's type checked.

import { absoluteSpec } from '../data/load-dataset.js';
import { NAMES, type TrainConfig } from '../train/config.js';
import { isArraySource } from '../train/settings.js';
import { isRecord } from './json-guards.js';

/**
 * The config with its data, test and validation paths absolute, as a checkpoint keeps them (see
 * absoluteSpec); arrays given to train() keep their field's name.
 */
export function withAbsoluteData(config: TrainConfig): TrainConfig {
  const { validation } = config;
  const stored = (spec: string): string => (isArraySource(spec) ? spec : absoluteSpec(spec));
  return {
    ...config,
    data: stored(config.data),
    test: config.test === undefined ? undefined : stored(config.test),
    ...(validation === undefined ? {} : { validation: stored(validation) }),
  };
}

/** Rebuilds the TrainConfig saved as `model` (the ModelConfig) and `training` (the rest); `fail` names the first bad field. */
export function storedTrainConfig(model: unknown, training: unknown, fail: (what: string) => never): TrainConfig {
  const m = record(model, 'model', fail);
  const t = record(training, 'training', fail);
  const o = record(t.optim, 'training.optim', fail);
  const layers = m.layers;
  if (!Array.isArray(layers) || layers.length < 2 || !layers.every((w) => Number.isSafeInteger(w) && w > 0)) {
    return fail('metadata "model": "layers" is not a list of at least two positive integers');
  }
  const read = new FieldReader(fail);
  return {
    model: {
      layers,
      // A checkpoint's layers are its model's widths, whatever --hidden made them.
      hidden: layers.slice(1, -1),
      activation: read.choice(m, 'model', 'activation', NAMES.activation),
      output: read.choice(m, 'model', 'output', NAMES.output),
      loss: read.choice(m, 'model', 'loss', NAMES.loss),
      init: read.choice(m, 'model', 'init', NAMES.init),
      ...(m.huberDelta === undefined ? {} : { huberDelta: read.number(m, 'model', 'huberDelta') }),
    },
    optim: {
      optimizer: read.choice(o, 'training.optim', 'optimizer', NAMES.optimizer),
      lr: read.number(o, 'training.optim', 'lr'),
      momentum: read.number(o, 'training.optim', 'momentum'),
      nesterov: read.boolean(o, 'training.optim', 'nesterov'),
      weightDecay: read.number(o, 'training.optim', 'weightDecay'),
      schedule: read.choice(o, 'training.optim', 'schedule', NAMES.schedule),
      stepSize: read.number(o, 'training.optim', 'stepSize'),
      gamma: read.number(o, 'training.optim', 'gamma'),
    },
    data: read.string(t, 'training', 'data'),
    test: t.test === undefined ? undefined : read.string(t, 'training', 'test'),
    testSplit: read.number(t, 'training', 'testSplit'),
    stratify: t.stratify === undefined ? false : read.boolean(t, 'training', 'stratify'),
    // Checkpoints saved before regression and validation were kept have no such fields: classifiers without validation.
    ...(t.validation === undefined ? {} : { validation: read.string(t, 'training', 'validation') }),
    ...(t.validationSplit === undefined ? {} : { validationSplit: read.number(t, 'training', 'validationSplit') }),
    ...(t.task === undefined ? {} : { task: read.choice(t, 'training', 'task', NAMES.task) }),
    ...(t.normalizeTarget === undefined ? {} : { normalizeTarget: read.choice(t, 'training', 'normalizeTarget', NAMES.normalizeTarget) }),
    ...(t.classWeight === undefined ? {} : { classWeight: read.choice(t, 'training', 'classWeight', NAMES.classWeight) }),
    shuffle: read.boolean(t, 'training', 'shuffle'),
    normalize: read.choice(t, 'training', 'normalize', NAMES.normalize),
    // Checkpoints saved before the table flags were kept read as those flags' defaults.
    delimiter: t.delimiter === undefined ? 'auto' : read.choice(t, 'training', 'delimiter', NAMES.delimiter),
    header: t.header === undefined ? 'auto' : read.choice(t, 'training', 'header', NAMES.header),
    target: t.target === undefined ? [] : read.strings(t, 'training', 'target'),
    ignore: t.ignore === undefined ? [] : read.strings(t, 'training', 'ignore'),
    batchSize: read.number(t, 'training', 'batchSize'),
    epochs: read.number(t, 'training', 'epochs'),
    ...(t.patience === undefined ? {} : { patience: read.number(t, 'training', 'patience') }),
    seed: read.number(t, 'training', 'seed'),
    threads: read.number(t, 'training', 'threads'),
    shards: t.shards === undefined ? undefined : read.number(t, 'training', 'shards'),
  };
}

/** Typed reads of one field each, failing with the field's path. */
class FieldReader {
  constructor(private readonly fail: (what: string) => never) {}

  number(obj: Record<string, unknown>, at: string, key: string): number {
    const value = obj[key];
    return typeof value === 'number' && Number.isFinite(value) ? value : this.bad(at, key, 'a number');
  }

  string(obj: Record<string, unknown>, at: string, key: string): string {
    const value = obj[key];
    return typeof value === 'string' ? value : this.bad(at, key, 'a string');
  }

  strings(obj: Record<string, unknown>, at: string, key: string): string[] {
    const value = obj[key];
    const items: readonly unknown[] = Array.isArray(value) ? value : [];
    const texts = items.filter((item): item is string => typeof item === 'string');
    return Array.isArray(value) && texts.length === items.length ? texts : this.bad(at, key, 'a list of strings');
  }

  boolean(obj: Record<string, unknown>, at: string, key: string): boolean {
    const value = obj[key];
    return typeof value === 'boolean' ? value : this.bad(at, key, 'true or false');
  }

  choice<T extends string>(obj: Record<string, unknown>, at: string, key: string, choices: readonly T[]): T {
    const value = obj[key];
    const found = choices.find((c) => c === value);
    return found ?? this.bad(at, key, `one of ${choices.join(', ')}`);
  }

  private bad(at: string, key: string, what: string): never {
    const [metadataKey, ...path] = `${at}.${key}`.split('.');
    return this.fail(`metadata "${metadataKey}": "${path.join('.')}" is not ${what}`);
  }
}

function record(value: unknown, at: string, fail: (what: string) => never): Record<string, unknown> {
  if (isRecord(value)) return value;
  const [metadataKey, ...path] = at.split('.');
  return fail(path.length === 0 ? `metadata "${metadataKey}" is not a JSON object` : `metadata "${metadataKey}": "${path.join('.')}" is not an object`);
}
