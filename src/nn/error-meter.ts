// The gradcheck comparison: an analytic derivative against central finite differences, within atol + rtol·|numeric|.

/** The step of the central differences and the tolerances of the comparison. */
export interface Tolerance {
  /** h in (f(x + h) − f(x − h)) / 2h. */
  readonly step: number;
  readonly atol: number;
  readonly rtol: number;
}

/** docs/MATH.md's tolerances for float64 checks: step 6e-6, atol 1e-5, rtol 1e-3 (as torch.autograd.gradcheck). */
export const GRADCHECK_TOLERANCE: Tolerance = { step: 6e-6, atol: 1e-5, rtol: 1e-3 };

/** How far one tensor's analytic derivative is from its finite differences. */
export interface ErrorSummary {
  /** What was checked, e.g. `layers.0.weight` or `relu ∂a/∂z`. */
  readonly name: string;
  readonly shape: readonly number[];
  /** Elements compared. */
  readonly checked: number;
  /** The largest |analytic − numeric|. */
  readonly maxAbsError: number;
  /** The largest |analytic − numeric| / max(|analytic|, |numeric|) (0 where both are 0). */
  readonly maxRelError: number;
  /** Elements outside atol + rtol·|numeric|. */
  readonly failures: number;
  readonly passed: boolean;
}

/** Collects (analytic, numeric) pairs of one tensor and summarises them; a NaN anywhere fails. */
export class ErrorMeter {
  private checked = 0;
  private maxAbs = 0;
  private maxRel = 0;
  private failures = 0;

  constructor(private readonly tolerance: Tolerance) {}

  /** Compares one element. */
  add(analytic: number, numeric: number): void {
    const error = Math.abs(analytic - numeric);
    const scale = Math.max(Math.abs(analytic), Math.abs(numeric));
    const relative = error === 0 ? 0 : error / scale;
    this.checked++;
    // A NaN error becomes the maximum and stays: no later comparison with NaN is true.
    if (Number.isNaN(error) || error > this.maxAbs) this.maxAbs = error;
    if (Number.isNaN(relative) || relative > this.maxRel) this.maxRel = relative;
    if (!(error <= this.tolerance.atol + this.tolerance.rtol * Math.abs(numeric))) this.failures++;
  }

  /** The summary of every element added so far. */
  summary(name: string, shape: readonly number[]): ErrorSummary {
    return {
      name,
      shape: [...shape],
      checked: this.checked,
      maxAbsError: this.maxAbs,
      maxRelError: this.maxRel,
      failures: this.failures,
      passed: this.failures === 0,
    };
  }
}
