// `einprop check`: the network's backward gradients and the calculus module's activation Jacobians against finite differences.

import type { Argv, CommandModule, Options } from 'yargs';
import { UserError } from '../errors.js';
import { activationJacobianCheck } from '../nn/activation-jacobian-check.js';
import { type ErrorSummary, GRADCHECK_TOLERANCE, type Tolerance } from '../nn/error-meter.js';
import { gradientCheck } from '../nn/gradient-check.js';
import { initialize } from '../nn/init.js';
import { LOSSES } from '../nn/losses/losses.js';
import type { NetworkSpec } from '../nn/network.js';
import { parameterLayout } from '../nn/parameters.js';
import { type Targets, valueTargets } from '../nn/targets.js';
import { Random } from '../tensor/random.js';
import type { ModelConfig } from '../train/config.js';
import type { ActivationName } from '../ops/activations.js';
import { type FlagValue, numberIn, positiveInteger } from './flag-values.js';
import { toTrainConfig } from './options.js';
import { toGlobalFlags, trainingOptions } from './flag-definitions.js';
import { printResult } from './output.js';
import { textTable } from './text-table.js';

/** The network checked when --layers is not given: small, so that every parameter is compared. */
export const CHECK_LAYERS = [8, 6, 4] as const;

const DEFAULT_SAMPLES = 4;
const DEFAULT_PER_TENSOR = 64;
/**
 * The smallest step the differences may take. Float64 resolves p ± h to about 1e-16 of p, so below
 * this the numeric gradient of parameters of order one is mostly rounding, and far below (1e-300)
 * p ± h is p itself: the comparison would report noise, 0 or NaN instead of a verdict.
 */
const MIN_STEP = 1e-12;

const check = 'Check:';
const { task, layers, activation, output, loss, init, seed } = trainingOptions;

/** The flags of `einprop check`: the model flags of train, and the size and tolerances of the check. */
export const checkOptions = {
  task,
  layers: { ...layers, defaultDescription: CHECK_LAYERS.join(',') },
  activation,
  output,
  loss,
  init,
  seed,
  samples: { group: check, requiresArg: true, describe: 'random samples in the checked batch', defaultDescription: String(DEFAULT_SAMPLES) },
  'per-tensor': {
    group: check,
    requiresArg: true,
    describe: 'parameters compared per tensor, drawn with --seed; a tensor with at most this many is compared whole',
    defaultDescription: String(DEFAULT_PER_TENSOR),
  },
  step: { group: check, requiresArg: true, describe: `step h of the central differences, >= ${MIN_STEP}`, defaultDescription: small(GRADCHECK_TOLERANCE.step) },
  atol: { group: check, requiresArg: true, describe: 'absolute tolerance, >= 0', defaultDescription: small(GRADCHECK_TOLERANCE.atol) },
  rtol: { group: check, requiresArg: true, describe: 'relative tolerance, >= 0', defaultDescription: small(GRADCHECK_TOLERANCE.rtol) },
} as const satisfies Record<string, Options>;

/** What is checked: a model as train builds it, a batch size, parameters per tensor and the tolerances. */
export interface CheckSettings {
  readonly model: ModelConfig;
  readonly seed: number;
  readonly samples: number;
  readonly perTensor: number;
  readonly tolerance: Tolerance;
}

/** One checked tensor, as `einprop check --json` prints it. */
export interface CheckedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly checked: number;
  readonly max_abs_error: number;
  readonly max_rel_error: number;
  readonly failures: number;
  readonly passed: boolean;
}

/** What `einprop check --json` prints. */
export interface CheckReport {
  readonly passed: boolean;
  readonly layers: readonly number[];
  readonly activation: ActivationName;
  readonly output: ActivationName;
  readonly loss: string;
  readonly init: string;
  readonly seed: number;
  readonly samples: number;
  readonly per_tensor: number;
  readonly step: number;
  readonly atol: number;
  readonly rtol: number;
  /** ∂C/∂θ from backward against central differences of the mean loss, per parameter tensor. */
  readonly parameters: readonly CheckedTensor[];
  /** ∂a/∂z derived by the calculus module against central differences of the activation, per activation used. */
  readonly jacobians: readonly CheckedTensor[];
}

/** Prints the check's table (with --json, one object) and exits 1 when any tensor is outside the tolerances. */
export const checkCommand: CommandModule = {
  command: 'check',
  describe: "compare the network's gradients and the derived activation Jacobians with finite differences (float64)",
  builder: (yargs: Argv) => yargs.options(checkOptions),
  handler: (argv) => {
    const report = runChecks(toCheckSettings(argv));
    printResult(toGlobalFlags(argv).json, report, reportText(report));
    if (!report.passed) {
      const failed = [...report.parameters, ...report.jacobians].filter((t) => !t.passed).map((t) => t.name);
      throw new UserError(`gradient check failed: ${failed.join(', ')} differ from finite differences by more than ${small(report.atol)} + ${small(report.rtol)}·|numeric|`);
    }
  },
};

/** The checked flags (each bad value a usage error naming the flag); the model flags as train reads them. */
export function toCheckSettings(argv: Readonly<Record<string, unknown>>): CheckSettings {
  const config = toTrainConfig(argv);
  const get = <T>(name: string, parse: (flag: FlagValue) => T, fallback: T): T =>
    argv[name] === undefined ? fallback : parse({ raw: argv[name], where: `--${name}` });
  const nonNegative = (flag: FlagValue): number => numberIn(flag, { min: 0 });
  return {
    model: { ...config.model, layers: config.model.layers.length > 0 ? config.model.layers : [...CHECK_LAYERS] },
    seed: config.seed,
    samples: get('samples', positiveInteger, DEFAULT_SAMPLES),
    perTensor: get('per-tensor', positiveInteger, DEFAULT_PER_TENSOR),
    tolerance: {
      step: get('step', (flag) => numberIn(flag, { min: MIN_STEP }), GRADCHECK_TOLERANCE.step),
      atol: get('atol', nonNegative, GRADCHECK_TOLERANCE.atol),
      rtol: get('rtol', nonNegative, GRADCHECK_TOLERANCE.rtol),
    },
  };
}

/**
 * Builds the network as train would (the same initialisation from --seed), in float64, on a batch of random
 * samples and labels, and compares its gradients and its activations' derived Jacobians with finite differences.
 */
export function runChecks(s: CheckSettings): CheckReport {
  const { model, tolerance } = s;
  const widths = model.layers;
  const spec: NetworkSpec = { widths, activation: model.activation, output: model.output, loss: model.loss, huberDelta: model.huberDelta };
  const layout = parameterLayout(widths);
  const params = new Float64Array(layout.count);
  initialize(model.init, layout, params, Random.stream(s.seed, 'init'));
  const random = Random.stream(s.seed, 'check-batch');
  const inputs = new Float64Array(s.samples * widths[0]);
  for (let i = 0; i < inputs.length; i++) inputs[i] = random.nextNormal();
  const outputs = widths[widths.length - 1];
  const parameters = gradientCheck({ spec, params, inputs, targets: randomTargets(model, random, s.samples, outputs), perTensor: s.perTensor, random: Random.stream(s.seed, 'check-parameters'), tolerance });

  const used: { name: ActivationName; width: number }[] = [];
  if (widths.length > 2) used.push({ name: model.activation, width: widths[1] });
  if (!used.some((u) => u.name === model.output)) used.push({ name: model.output, width: outputs });
  const zRandom = Random.stream(s.seed, 'check-jacobians');
  const jacobians = used.map(({ name, width }) => activationJacobianCheck(name, awayFromKinks(zRandom, width), tolerance));

  const all = [...parameters, ...jacobians];
  return {
    passed: all.every((t) => t.passed),
    layers: widths,
    activation: model.activation,
    output: model.output,
    loss: model.loss,
    init: model.init,
    seed: s.seed,
    samples: s.samples,
    per_tensor: s.perTensor,
    step: tolerance.step,
    atol: tolerance.atol,
    rtol: tolerance.rtol,
    parameters: parameters.map(checkedTensor),
    jacobians: jacobians.map(checkedTensor),
  };
}

/** A class per sample, or for a loss that takes numeric targets only, `outputs` standard normal values per sample. */
function randomTargets(model: ModelConfig, random: Random, samples: number, outputs: number): Targets | Int32Array {
  if (LOSSES[model.loss].targets.includes('classes')) {
    const labels = new Int32Array(samples);
    for (let r = 0; r < samples; r++) labels[r] = random.nextInt(outputs);
    return labels;
  }
  const values = new Float32Array(samples * outputs);
  for (let i = 0; i < values.length; i++) values[i] = random.nextNormal();
  return valueTargets(values);
}

/** `width` pre-activations of either sign with 0.1 ≤ |z| < 2: central differences across relu's kink at 0 would be wrong. */
function awayFromKinks(random: Random, width: number): Float64Array {
  const z = new Float64Array(width);
  for (let i = 0; i < width; i++) z[i] = (random.nextFloat() < 0.5 ? -1 : 1) * (0.1 + 1.9 * random.nextFloat());
  return z;
}

function checkedTensor(s: ErrorSummary): CheckedTensor {
  return { name: s.name, shape: s.shape, checked: s.checked, max_abs_error: s.maxAbsError, max_rel_error: s.maxRelError, failures: s.failures, passed: s.passed };
}

/** The settings, a table of the parameter tensors, a table of the Jacobians, and the verdict. */
function reportText(r: CheckReport): string {
  const head = ['shape', 'checked', 'max abs error', 'max rel error', 'result'];
  const row = (t: CheckedTensor): string[] => [
    t.name,
    `[${t.shape.join(', ')}]`,
    String(t.checked),
    t.max_abs_error.toExponential(2),
    t.max_rel_error.toExponential(2),
    t.passed ? 'pass' : `FAIL (${t.failures})`,
  ];
  const failed = [...r.parameters, ...r.jacobians].filter((t) => !t.passed).length;
  return [
    `gradient check of ${r.layers.join('-')} (${r.activation}, ${r.output} output, ${r.loss}, ${r.init} init, seed ${r.seed}) in float64 on ${r.samples} random sample${r.samples === 1 ? '' : 's'}`,
    `central differences with step ${small(r.step)}; an entry passes when |analytic − numeric| ≤ ${small(r.atol)} + ${small(r.rtol)}·|numeric|`,
    '',
    textTable([['tensor', ...head], ...r.parameters.map(row)]),
    '',
    textTable([['Jacobian (calculus)', ...head], ...r.jacobians.map(row)]),
    '',
    r.passed ? 'passed' : `FAILED: ${failed} of ${r.parameters.length + r.jacobians.length} tensors`,
  ].join('\n');
}

/** A small number as people write tolerances: 6e-6 rather than 0.000006. */
function small(value: number): string {
  return value !== 0 && Math.abs(value) < 0.01 ? value.toExponential() : String(value);
}
