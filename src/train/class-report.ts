// Precision, recall and F1 of each class from a confusion matrix, and their macro average, as scikit-learn's classification_report.

/** One class's figures: precision TP/(TP+FP), recall TP/(TP+FN), F1 their harmonic mean (each 0 where its denominator is), support its true rows. */
export interface ClassScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

/** The figures of each class, in class order, and their unweighted mean over the classes that occur (as true or predicted), support the rows in all. */
export interface ClassReport {
  readonly perClass: readonly ClassScores[];
  readonly macro: ClassScores;
}

/** The report of confusion[true class][predicted class]. */
export function classReport(confusion: readonly (readonly number[])[]): ClassReport {
  const classes = confusion.length;
  const perClass: ClassScores[] = [];
  const macro = { precision: 0, recall: 0, f1: 0, support: 0 };
  let occurring = 0;
  for (let c = 0; c < classes; c++) {
    const hits = confusion[c][c];
    let support = 0;
    let predicted = 0;
    for (let k = 0; k < classes; k++) {
      support += confusion[c][k];
      predicted += confusion[k][c];
    }
    const precision = predicted > 0 ? hits / predicted : 0;
    const recall = support > 0 ? hits / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass.push({ precision, recall, f1, support });
    macro.support += support;
    // A class no row has and none is predicted as takes no part in the average (scikit-learn's unique_labels).
    if (support === 0 && predicted === 0) continue;
    occurring++;
    macro.precision += precision;
    macro.recall += recall;
    macro.f1 += f1;
  }
  const mean = (sum: number): number => (occurring > 0 ? sum / occurring : Number.NaN);
  return { perClass, macro: { precision: mean(macro.precision), recall: mean(macro.recall), f1: mean(macro.f1), support: macro.support } };
}
