import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runConfigFile, toConfigFile, toRunFlags, toTrainConfig } from '../../src/cli/options.js';
import { flagChoices } from '../../src/cli/flag-definitions.js';
import { storedTrainConfig } from '../../src/checkpoint/stored-config.js';
import { UserError } from '../../src/errors.js';
import type { TrainConfig } from '../../src/train/config.js';
import { fcOptions } from '../support/fc.js';

const dir = mkdtempSync(join(tmpdir(), 'einprop-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

function configFile(content: unknown): string {
  const path = join(dir, `c${counter++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** A path as a config file in `dir` means it: relative to `dir` ('mnist' as it is). */
const inDir = (path: string): string => (path === 'mnist' ? path : join(dir, path));

/** `config` with its data, test and validation files as a config file in `dir` names them. */
const filesInDir = (config: TrainConfig): TrainConfig => ({
  ...config,
  data: inDir(config.data),
  test: config.test === undefined ? undefined : inDir(config.test),
  ...(config.validation === undefined ? {} : { validation: inDir(config.validation) }),
});

/** The message of the usage error (exit code 2) that `run` throws. */
function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('no usage error');
}

/** A valid config as the flags can express it (a classifier: softmax cross-entropy, or any other output with mse/sse; a regression model: any output with a loss of values). */
const arbConfig: fc.Arbitrary<TrainConfig> = fc
  .record({
    task: fc.constantFrom(...flagChoices.task),
    valueLoss: fc.constantFrom('mse' as const, 'sse' as const, 'mae' as const, 'huber' as const),
    classWeight: fc.constantFrom(...flagChoices.classWeight),
    normalizeTarget: fc.constantFrom(...flagChoices.normalizeTarget),
    validation: fc.oneof(fc.constant<string | number>('val.csv'), fc.double({ min: 0, max: 0.99, noNaN: true }).filter((x) => !Object.is(x, -0))),
    patience: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
    layers: fc.oneof(fc.constant<number[]>([]), fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 2, maxLength: 5 })),
    hidden: fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 3 }),
    activation: fc.constantFrom(...flagChoices.activation),
    head: fc.oneof(
      fc.constant({ output: 'softmax' as const, loss: 'cross-entropy' as const }),
      fc.record({ output: fc.constantFrom(...flagChoices.output), loss: fc.constantFrom('mse' as const, 'sse' as const) }),
    ),
    init: fc.constantFrom(...flagChoices.init),
    optimizer: fc.constantFrom(...flagChoices.optimizer),
    lr: fc.double({ min: 1e-9, max: 10, noNaN: true }),
    momentum: fc.double({ min: 0, max: 0.999, noNaN: true }).filter((x) => !Object.is(x, -0)),
    nesterov: fc.boolean(),
    weightDecay: fc.double({ min: 0, max: 1, noNaN: true }).filter((x) => !Object.is(x, -0)),
    schedule: fc.constantFrom(...flagChoices.schedule),
    stepSize: fc.integer({ min: 1, max: 50 }),
    gamma: fc.double({ min: 1e-6, max: 1, noNaN: true }),
    data: fc.constantFrom('mnist', 'digits.csv', 'idx/'),
    test: fc.option(fc.constantFrom('test.csv', 'idx-test/'), { nil: undefined }),
    testSplit: fc.double({ min: 0, max: 0.99, noNaN: true }).filter((x) => !Object.is(x, -0)),
    stratify: fc.boolean(),
    shuffle: fc.boolean(),
    normalize: fc.constantFrom(...flagChoices.normalize),
    delimiter: fc.constantFrom(...flagChoices.delimiter),
    header: fc.constantFrom(...flagChoices.header),
    target: fc.array(fc.constantFrom('species', '0', '12', 'a, b'), { maxLength: 2 }),
    ignore: fc.array(fc.constantFrom('id', '3', 'date'), { maxLength: 2 }),
    batchSize: fc.integer({ min: 1, max: 4096 }),
    epochs: fc.integer({ min: 1, max: 1000 }),
    seed: fc.nat({ max: 0xffffffff }),
    threads: fc.integer({ min: 1, max: 64 }),
    shards: fc.option(fc.integer({ min: 1, max: 4096 }), { nil: undefined }),
  })
  .filter((r) => (r.shards === undefined || r.shards <= r.batchSize) && (!r.nesterov || r.optimizer === 'momentum'))
  .map((r) => ({
    model: {
      layers: r.layers,
      hidden: r.layers.length > 0 ? r.layers.slice(1, -1) : r.hidden,
      activation: r.activation,
      output: r.task === 'regression' && r.head.output === 'softmax' ? 'identity' : r.head.output,
      loss: r.task === 'regression' ? r.valueLoss : r.head.loss,
      init: r.init,
    },
    optim: { optimizer: r.optimizer, lr: r.lr, momentum: r.momentum, nesterov: r.nesterov, weightDecay: r.weightDecay, schedule: r.schedule, stepSize: r.stepSize, gamma: r.gamma },
    data: r.data,
    test: r.test,
    // With a test file nothing is held out.
    testSplit: r.test === undefined ? r.testSplit : 0,
    ...(typeof r.validation === 'string' ? { validation: r.validation, validationSplit: 0 } : { validationSplit: r.validation }),
    stratify: r.task === 'classification' && r.stratify,
    task: r.task,
    ...(r.task === 'regression' ? { normalizeTarget: r.normalizeTarget } : { classWeight: r.classWeight }),
    ...(r.patience !== undefined && r.validation !== 0 ? { patience: r.patience } : {}),
    shuffle: r.shuffle,
    normalize: r.normalize,
    delimiter: r.delimiter,
    header: r.header,
    target: r.target,
    ignore: r.ignore,
    batchSize: r.batchSize,
    epochs: r.epochs,
    seed: r.seed,
    threads: r.threads,
    shards: r.shards,
  }));

describe('toTrainConfig defaults', () => {
  it('with no flags: the documented defaults, layers left to the data', () => {
    expect(toTrainConfig({})).toEqual({
      model: { layers: [], hidden: [256, 128], activation: 'relu', output: 'softmax', loss: 'cross-entropy', init: 'he' },
      optim: { optimizer: 'adam', lr: 0.001, momentum: 0.9, nesterov: false, weightDecay: 0, schedule: 'constant', stepSize: 5, gamma: 0.5 },
      data: 'mnist',
      test: undefined,
      testSplit: 0.2,
      validationSplit: 0,
      stratify: false,
      task: 'classification',
      classWeight: 'none',
      shuffle: true,
      normalize: 'auto',
      delimiter: 'auto',
      header: 'auto',
      target: [],
      ignore: [],
      batchSize: 64,
      epochs: 20,
      seed: 42,
      threads: availableParallelism(),
      shards: undefined,
    });
  });

  it('defaults that depend on other flags: layers from the data, lr from the optimiser, init from the activation', () => {
    expect(toTrainConfig({}, { features: 784, classes: 10 }).model.layers).toEqual([784, 256, 128, 10]);
    expect(toTrainConfig({ optimizer: 'sgd' }).optim.lr).toBe(0.01);
    expect(toTrainConfig({ optimizer: 'momentum' }).optim.lr).toBe(0.01);
    expect(toTrainConfig({ activation: 'leaky-relu' }).model.init).toBe('he');
    for (const activation of ['sigmoid', 'tanh', 'identity']) expect(toTrainConfig({ activation }).model.init).toBe('xavier');
    expect(toTrainConfig({ shuffle: false }).shuffle).toBe(false);
  });
});

describe('toTrainConfig and --config', () => {
  it('a config file written by toConfigFile resolves to the same config, its files relative to its folder', () => {
    fc.assert(
      fc.property(arbConfig, (config) => {
        expect(toTrainConfig({ config: configFile(toConfigFile(config)) })).toEqual(filesInDir(config));
      }),
      fcOptions(100),
    );
  });

  it("--test on the command line overrides a file's test-split (einprop config writes one); both in the file, or both as flags, are an error", () => {
    const file = configFile({ data: 'a.csv', 'test-split': 0.2 });
    expect(toTrainConfig({ config: file, test: 'b.csv' })).toMatchObject({ test: 'b.csv', testSplit: 0 });
    expect(() => toTrainConfig({ config: configFile({ test: 'b.csv', 'test-split': 0.2 }) })).toThrow(/"test-split" in .* has no effect beside a test file/);
    expect(() => toTrainConfig({ config: configFile({ test: 'b.csv' }), 'test-split': '0.3' })).toThrow(/^--test-split has no effect/);
  });

  it('flags on the command line override the file, key by key', () => {
    fc.assert(
      fc.property(arbConfig, fc.integer({ min: 1, max: 99 }), fc.boolean(), (config, epochs, shuffle) => {
        const resolved = toTrainConfig({ config: configFile(toConfigFile(config)), epochs: String(epochs), shuffle });
        expect(resolved).toEqual({ ...filesInDir(config), epochs, shuffle });
      }),
      fcOptions(50),
    );
  });

  it('a file problem is a usage error naming the file (and the key)', () => {
    const unknown = configFile({ epochs: 2, 'batch-sise': 3 });
    expect(usageError(() => toTrainConfig({ config: unknown }))).toBe(`--config ${unknown} has an unknown key "batch-sise" (keys are long flag names such as "batch-size")`);
    const bad = configFile({ epochs: 0 });
    expect(usageError(() => toTrainConfig({ config: bad }))).toBe(`"epochs" in ${bad} must be a positive integer, got 0`);
    const broken = configFile('{"epochs": ');
    expect(usageError(() => toTrainConfig({ config: broken }))).toMatch(new RegExp(`^--config ${broken} is not valid JSON`));
    const list = configFile([1]);
    expect(usageError(() => toTrainConfig({ config: list }))).toBe(`--config ${list} must hold a JSON object of flag names and values`);
    const missing = join(dir, 'missing.json');
    expect(usageError(() => toTrainConfig({ config: missing }))).toBe(`--config ${missing} cannot be read: no such file or folder`);
    expect(usageError(() => toTrainConfig({ config: configFile({ config: 'x.json' }) }))).toMatch(/unknown key "config"/);
  });

  it('a config file may give layers as a JSON array', () => {
    expect(toTrainConfig({ config: configFile({ layers: [4, 3, 2] }) }).model.layers).toEqual([4, 3, 2]);
  });
});

describe('toTrainConfig rejects each bad value with a usage error naming the flag', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['--epochs', { epochs: '0' }, '--epochs must be a positive integer, got 0'],
    ['--epochs', { epochs: 2.5 }, '--epochs must be a positive integer, got 2.5'],
    ['--batch-size', { 'batch-size': 'many' }, '--batch-size must be a positive integer, got "many"'],
    ['--threads', { threads: -2 }, '--threads must be a positive integer, got -2'],
    ['--shards', { shards: 0 }, '--shards must be a positive integer, got 0'],
    ['--shards', { shards: 200 }, '--shards 200 is more than the batch size 64'],
    ['--step-size', { 'step-size': '' }, '--step-size must be a positive integer, got ""'],
    ['--seed', { seed: -1 }, '--seed must be an integer from 0 to 4294967295, got -1'],
    ['--lr', { lr: 0 }, '--lr must be a number greater than 0, got 0'],
    ['--lr', { lr: 'Infinity' }, '--lr must be a number greater than 0, got "Infinity"'],
    ['--gamma', { gamma: -0.1 }, '--gamma must be a number greater than 0, got -0.1'],
    ['--momentum', { momentum: 1 }, '--momentum must be a number at least 0 and less than 1, got 1'],
    ['--weight-decay', { 'weight-decay': -1 }, '--weight-decay must be a number at least 0, got -1'],
    ['--test-split', { 'test-split': 1 }, '--test-split must be a number at least 0 and less than 1, got 1'],
    ['--test-split', { 'test-split': -0.5 }, '--test-split must be a number at least 0 and less than 1, got -0.5'],
    ['--test-split', { test: 't.csv', 'test-split': '0.5' }, '--test-split has no effect beside a test file (t.csv), which is the whole test set; give one or the other'],
    ['--layers', { layers: '784,,10' }, '--layers must be a comma list of positive integers such as 784,256,10, got "784,,10"'],
    ['--layers', { layers: '784,0,10' }, '--layers must be a comma list of positive integers such as 784,256,10, got "784,0,10"'],
    ['--layers', { layers: '784,1.5,10' }, '--layers must be a comma list of positive integers such as 784,256,10, got "784,1.5,10"'],
    ['--layers', { layers: '10' }, '--layers needs at least two widths (inputs and outputs), got "10"'],
    ['--activation', { activation: 'softmax' }, '--activation must be one of sigmoid, tanh, relu, leaky-relu, identity, got "softmax"'],
    ['--output', { output: 'gelu' }, '--output must be one of sigmoid, tanh, relu, leaky-relu, identity, softmax, got "gelu"'],
    ['--loss', { loss: 'hinge' }, '--loss must be one of mse, sse, cross-entropy, mae, huber, got "hinge"'],
    ['--loss', { loss: 'mae', output: 'identity' }, '--loss mae compares numeric targets and takes no class labels: use it with --task regression'],
    ['--loss', { loss: 'huber', output: 'identity' }, '--loss huber compares numeric targets and takes no class labels: use it with --task regression'],
    ['--huber-delta', { loss: 'huber', 'huber-delta': 0 }, '--huber-delta must be a number greater than 0, got 0'],
    ['--huber-delta', { loss: 'mse', output: 'identity', 'huber-delta': 2 }, '--huber-delta needs --loss huber, not mse'],
    ['--init', { init: 'zeros' }, '--init must be one of he, xavier, uniform-fanout, got "zeros"'],
    ['--optimizer', { optimizer: 'rmsprop' }, '--optimizer must be one of sgd, momentum, adam, got "rmsprop"'],
    ['--schedule', { schedule: 'linear' }, '--schedule must be one of constant, step, cosine, got "linear"'],
    ['--normalize', { normalize: 'l2' }, '--normalize must be one of auto, standard, minmax, max, none, got "l2"'],
    ['--delimiter', { delimiter: 'colon' }, '--delimiter must be one of auto, comma, semicolon, tab, whitespace, pipe (or , ; \\t |), got "colon"'],
    ['--header', { header: 'maybe' }, '--header must be one of auto, yes, no, got "maybe"'],
    ['--target', { target: 'a,,b' }, '--target must name columns by header name or 0-based index, as a comma list such as species or 0,id, got "a,,b"'],
    ['--ignore', { ignore: '' }, '--ignore must name columns by header name or 0-based index, as a comma list such as species or 0,id, got ""'],
    ['--hidden', { hidden: '64,0' }, '--hidden must be a comma list of positive integers such as 256,128, got "64,0"'],
    ['--hidden', { layers: '4,8,3', hidden: '16' }, '--hidden is 16, but --layers 4,8,3 has the hidden widths 8; give one of them, or make them agree'],
    ['--stratify', { stratify: 'yes' }, '--stratify must be true or false, got "yes"'],
    ['--test', { data: 'digits.csv', test: './digits.csv' }, '--test names the --data file (digits.csv): every test row would also be a training row; give another file, or leave --test out to hold rows out with --test-split'],
    ['--test', { test: 'mnist' }, '--test names the --data file (mnist): every test row would also be a training row; give another file, or leave --test out to hold rows out with --test-split'],
    ['--nesterov', { nesterov: true }, '--nesterov needs --optimizer momentum, not adam'],
    ['--data', { data: ' ' }, '--data must be a non-empty string, got " "'],
    ['--epochs', { epochs: ['1', '2'] }, '--epochs is given 2 times; give it once'],
  ];
  it.each(cases)('%s %j', (_, argv, message) => {
    expect(usageError(() => toTrainConfig(argv))).toBe(message);
  });

  it('a --config file gets huber-delta only from a model that has one, and a checkpoint keeps it', () => {
    const config = toTrainConfig({});
    expect(Object.hasOwn(toConfigFile(config), 'huber-delta')).toBe(false);
    expect(toConfigFile({ ...config, model: { ...config.model, loss: 'huber', output: 'identity', huberDelta: 0.5 } })['huber-delta']).toBe(0.5);
    const stored = JSON.parse(JSON.stringify({ ...config.model, layers: [4, 3], huberDelta: 0.5 }));
    const { optim, model: _model, ...training } = config;
    expect(storedTrainConfig(stored, JSON.parse(JSON.stringify({ ...training, optim })), (what) => {
      throw new Error(what);
    }).model.huberDelta).toBe(0.5);
  });

  it('--loss cross-entropy with an output other than softmax names both flags', () => {
    expect(usageError(() => toTrainConfig({ output: 'sigmoid' }))).toMatch(/--loss cross-entropy .*--output softmax/);
  });

  it('--hidden gives the widths between the data\'s inputs and classes; with --layers it must agree', () => {
    const shape = { features: 64, classes: 10 };
    expect(toTrainConfig({ hidden: '32' }, shape).model.layers).toEqual([64, 32, 10]);
    expect(toTrainConfig({ hidden: '32, 16' }).model).toMatchObject({ layers: [], hidden: [32, 16] });
    expect(toTrainConfig({ hidden: '8', layers: '64,8,10' }, shape).model.layers).toEqual([64, 8, 10]);
    expect(toTrainConfig({ config: configFile({ hidden: [5, 6] }) }).model.hidden).toEqual([5, 6]);
  });

  it('--delimiter takes a name or its character; --target and --ignore a list, or a JSON array or index in a file', () => {
    expect([',', ';', '\t', '\\t', ' ', '|', 'TAB', 'whitespace'].map((delimiter) => toTrainConfig({ delimiter }).delimiter)).toEqual([
      'comma', 'semicolon', 'tab', 'tab', 'whitespace', 'pipe', 'tab', 'whitespace',
    ]);
    expect(toTrainConfig({ target: 'species', ignore: ' id , 0' })).toMatchObject({ target: ['species'], ignore: ['id', '0'] });
    expect(toTrainConfig({ config: configFile({ target: 0, ignore: ['a, b', 3] }) })).toMatchObject({ target: ['0'], ignore: ['a, b', '3'] });
  });

  it('--layers that disagree with the data name the flag and both widths', () => {
    const shape = { features: 64, classes: 10 };
    expect(usageError(() => toTrainConfig({ layers: '784,10' }, shape))).toBe('--layers starts with 784 inputs but the data has 64 features');
    expect(usageError(() => toTrainConfig({ layers: '64,16,9' }, shape))).toBe('--layers ends with 9 outputs but the data has 10 classes');
    expect(toTrainConfig({ layers: ' 64, 16 ,10' }, shape).model.layers).toEqual([64, 16, 10]);
  });
});

describe('toRunFlags', () => {
  it('reads --save, --resume, --metrics and --log-every from the flags or the file, and checks --log-every', () => {
    expect(toRunFlags({})).toEqual({ save: undefined, resume: undefined, initFrom: undefined, metrics: undefined, logEvery: undefined });
    const file = configFile({ save: 'a.safetensors', 'log-every': 50 });
    expect(toRunFlags({ config: file, metrics: 'm.jsonl' })).toEqual({ save: inDir('a.safetensors'), resume: undefined, initFrom: undefined, metrics: 'm.jsonl', logEvery: 50 });
    expect(usageError(() => toRunFlags({ 'log-every': '0' }))).toBe('--log-every must be a positive integer, got 0');
  });

  it('toRunFlags of a file written by runConfigFile gives the run flags back, relative to its folder', () => {
    const name = fc.option(fc.constantFrom('a.safetensors', 'dir/b.st', 'm.jsonl'), { nil: undefined });
    const runs = fc
      .record({ save: name, resume: name, initFrom: name, metrics: name, logEvery: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }) })
      .map((run) => (run.metrics === undefined ? { ...run, logEvery: undefined } : run))
      .map((run) => (run.resume === undefined ? run : { ...run, initFrom: undefined }));
    fc.assert(
      fc.property(runs, (run) => {
        const files = (path: string | undefined): string | undefined => (path === undefined ? undefined : inDir(path));
        expect(toRunFlags({ config: configFile(runConfigFile(run)) })).toEqual({ ...run, save: files(run.save), resume: files(run.resume), initFrom: files(run.initFrom), metrics: files(run.metrics) });
      }),
      fcOptions(50),
    );
  });
});
