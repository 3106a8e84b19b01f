// A kernel call bound to fixed buffers: what binding a contraction's step produces.

/** Runs the bound call: `accumulate` adds into its output instead of overwriting it. */
export type BoundKernel = (accumulate: boolean) => void;

/** Runs a step bound to its buffers and sizes (an activation, say): one call does it. */
export type BoundStep = () => void;
