// A function applied to each element alone, as the calculus sees it: a printed symbol, a value and a derivative.

/** What the calculus needs of an elementwise function to print, derive and evaluate it (in float64). */
export interface ElementwiseFunction {
  /** How printers show it: σ, tanh, relu, … */
  readonly symbol: string;
  /** f(x). */
  value(x: number): number;
  /** f'(x). */
  derivative(x: number): number;
}
