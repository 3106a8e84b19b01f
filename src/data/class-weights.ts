// Weights of the classes in the loss: none, or balanced by the inverse of each class's frequency in the training rows.

/** How the classes are weighted in the loss: all alike, or `balanced` (scikit-learn's n_samples / (n_classes · count_c)). */
export type ClassWeightName = 'none' | 'balanced';

/** Every class weighting's name, in the order the CLI lists them. */
export const CLASS_WEIGHT_NAMES = ['none', 'balanced'] as const satisfies readonly ClassWeightName[];

/**
 * The balanced weight of each of `classCount` classes over `labels`: count / (classCount · rows of the
 * class), so that every class weighs as much in the loss as the others. Every class must have rows.
 */
export function balancedClassWeights(labels: Int32Array, classCount: number): number[] {
  const counts = new Float64Array(classCount);
  for (let r = 0; r < labels.length; r++) counts[labels[r]]++;
  return Array.from(counts, (count, c) => {
    if (count === 0) throw new RangeError(`balancedClassWeights: class ${c} has no rows`);
    return labels.length / (classCount * count);
  });
}
