// What one contender's child process reports, and how the parent reads it back.

/** The contenders, in the order each round runs them. */
export const CONTENDER_NAMES = ['einprop-1', 'einprop-all', 'tfjs-cpu', 'tfjs-wasm'] as const;

/** One contender: einprop at one thread or all, or TensorFlow.js on one of its backends. */
export type ContenderName = (typeof CONTENDER_NAMES)[number];

/** One run's measurements, printed by the child as one JSON line. */
export interface ContenderResult {
  readonly contender: ContenderName;
  /** Threads doing the arithmetic. */
  readonly threads: number;
  /** Training samples per second of time spent in steps (evaluation and setup excluded). */
  readonly samplesPerSecond: number;
  readonly steps: number;
  /** True when the run trained every epoch; only such runs report an accuracy. */
  readonly complete: boolean;
  /** Test accuracy after the run, or null when it stopped after a fixed number of steps. */
  readonly testAccuracy: number | null;
  /** Mean training loss over the last epoch run. */
  readonly trainLoss: number;
  /** The library and version that trained, e.g. "einprop 0.1.0" or "@tensorflow/tfjs 4.22.0". */
  readonly library: string;
  /** Facts about how it ran that a reader needs (backend binary, thread limits). */
  readonly notes: readonly string[];
}

/** Whether `name` is one of the contenders. */
export function isContenderName(name: string): name is ContenderName {
  return (CONTENDER_NAMES as readonly string[]).includes(name);
}

/** Reads the result from a child's stdout: the last line that is a JSON object. */
export function parseContenderResult(stdout: string, contender: ContenderName): ContenderResult {
  const lines = stdout.trim().split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (!line.startsWith('{')) continue;
    const value: unknown = JSON.parse(line);
    if (isResult(value) && value.contender === contender) return value;
    break;
  }
  throw new Error(`${contender}: the child printed no result line (stdout ends: ${JSON.stringify(stdout.slice(-200))})`);
}

function isResult(value: unknown): value is ContenderResult {
  if (typeof value !== 'object' || value === null) return false;
  const numbers = ['threads', 'samplesPerSecond', 'steps', 'trainLoss'] as const;
  return (
    'contender' in value && typeof value.contender === 'string' && isContenderName(value.contender) &&
    numbers.every((key) => key in value && typeof Reflect.get(value, key) === 'number') &&
    'complete' in value && typeof value.complete === 'boolean' &&
    'testAccuracy' in value && (value.testAccuracy === null || typeof value.testAccuracy === 'number') &&
    'library' in value && typeof value.library === 'string' &&
    'notes' in value && Array.isArray(value.notes) && value.notes.every((note: unknown) => typeof note === 'string')
  );
}
