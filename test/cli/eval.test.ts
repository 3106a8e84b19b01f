// einprop eval through the built executable: train's test accuracy repeated exactly, the splits, and its errors.

import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { digitsCsv, einprop, einpropJson, scratchFolder, speciesCsv } from '../support/built-einprop.js';

interface Trained {
  test_accuracy: number;
  test_samples: number;
  train_samples: number;
}

interface Evaluated {
  accuracy: number;
  correct: number;
  samples: number;
  classes: number;
  labels: (string | number)[];
  data: string;
  split: string;
  model: string;
  confusion_matrix: number[][];
}

const folder = scratchFolder();
afterAll(folder.remove);
const data = digitsCsv(folder.at('digits.csv'), 300);
const small = ['--layers', '64,16,10', '--epochs', '3', '--batch-size', '32', '--lr', '0.01'];

/** Trains on `data` with `flags` (one thread unless they say), saving to `name`; returns train's result and the model's path. */
function trainModel(name: string, ...flags: string[]): { trained: Trained; model: string } {
  const model = folder.at(name);
  const threads = flags.includes('--threads') ? [] : ['--threads', '1'];
  const trained = einpropJson(['train', '--data', data, ...small, ...threads, ...flags, '--save', model]) as Trained;
  return { trained, model };
}

/** The model most tests score, trained once with the small settings. */
const shared = trainModel('m.safetensors');

/** The sum of a matrix's entries, and of its diagonal. */
function totals(matrix: number[][]): { all: number; diagonal: number } {
  let all = 0;
  let diagonal = 0;
  for (let i = 0; i < matrix.length; i++) {
    for (let j = 0; j < matrix[i].length; j++) {
      all += matrix[i][j];
      if (i === j) diagonal += matrix[i][j];
    }
  }
  return { all, diagonal };
}

describe('einprop eval', () => {
  it('on a saved model repeats the test accuracy train reported, exactly; its confusion matrix adds up to it', () => {
    const { trained, model } = shared;
    const evaluated = einpropJson(['eval', '--model', model]) as Evaluated;
    expect(evaluated.accuracy).toBe(trained.test_accuracy);
    expect(evaluated).toMatchObject({ split: 'test', samples: trained.test_samples, data, model, classes: 10 });
    expect(totals(evaluated.confusion_matrix)).toEqual({ all: evaluated.samples, diagonal: evaluated.correct });
    expect(evaluated.correct / evaluated.samples).toBe(evaluated.accuracy);
    // Naming the training file and its test split is the same as the default.
    expect(einpropJson(['eval', '--model', model, '--data', data, '--split', 'test'])).toEqual(evaluated);
  });

  it('repeats it for two threads, another split fraction, file order and standard normalisation too', () => {
    const { trained, model } = trainModel('m2.safetensors', '--threads', '2', '--test-split', '0.3', '--no-shuffle', '--normalize', 'standard', '--seed', '9');
    const evaluated = einpropJson(['eval', '--model', model]) as Evaluated;
    expect([evaluated.accuracy, evaluated.samples]).toEqual([trained.test_accuracy, trained.test_samples]);
  });

  it('--split train and --split test partition --split all: samples and correct predictions add up', () => {
    const { trained, model } = shared;
    const score = (split: string): Evaluated => einpropJson(['eval', '--model', model, '--split', split]) as Evaluated;
    const [all, train, test] = [score('all'), score('train'), score('test')];
    expect([train.samples, test.samples, all.samples]).toEqual([trained.train_samples, trained.test_samples, 300]);
    expect(train.correct + test.correct).toBe(all.correct);
  });

  it('another file is scored whole by default; a model trained with --test scores that file and has no held-out split', () => {
    const other = digitsCsv(folder.at('other.csv'), 50, 11);
    const { model } = shared;
    expect(einpropJson(['eval', '--model', model, '--data', other])).toMatchObject({ split: 'all', samples: 50, data: other });
    const { trained, model: separate } = trainModel('m5.safetensors', '--test', other);
    expect(einpropJson(['eval', '--model', separate])).toMatchObject({ split: 'all', samples: 50, data: other, accuracy: trained.test_accuracy });
    const refused = einprop(['eval', '--model', separate, '--split', 'test']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^einprop: --split test needs held-out rows, but .* was trained on all of .*digits\.csv .*; use --split all\n$/);
  });

  it('prints the accuracy, then a confusion matrix with a header and one row per class, then each class\'s precision, recall, F1 and support', () => {
    const { model } = shared;
    const run = einprop(['eval', '--model', model]);
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^accuracy \d+\.\d\d% \(\d+ of 60 correct, the test split of .*digits\.csv\)$/);
    expect(lines[1]).toBe('confusion matrix (rows: true class, columns: predicted class)');
    expect(lines[2].split(/\s+/)).toEqual(['true\\predicted', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(lines.slice(3, 13).map((line) => line.split(/\s+/).length)).toEqual(new Array(10).fill(11));
    expect(lines[13].split(/\s+/)).toEqual(['class', 'precision', 'recall', 'f1', 'support']);
    expect(lines.slice(14, 24).map((line) => line.split(/\s+/)[0])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(lines[24]).toMatch(/^macro avg\s+\d\.\d{4}\s+\d\.\d{4}\s+\d\.\d{4}\s+60$/);
    expect(lines).toHaveLength(25);
  });

  it('usage errors exit 2 with one line naming the flag', () => {
    const cases: [string[], RegExp][] = [
      [['eval'], /^einprop: --model is required \(see einprop eval --help\)\n$/],
      [['eval', '--model', 'm.safetensors', '--split', 'some'], /^einprop: --split must be one of test, train, all, got "some"/],
      [['eval', '--model', 'm.safetensors', '--modle', 'x'], /^einprop: unknown flag --modle \(see einprop eval --help\)\n$/],
    ];
    for (const [args, message] of cases) {
      const run = einprop(args);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('a missing model file, or data the model does not fit, exits 1 with one line naming the file', () => {
    const missing = einprop(['eval', '--model', folder.at('absent.safetensors')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^einprop: .*absent\.safetensors.*\n$/);
    const { model } = shared;
    const narrow = folder.at('narrow.csv');
    const wrong = einprop(['eval', '--model', model, '--data', writeNarrow(narrow)]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/^einprop: .*narrow\.csv:1:5: expected 65 columns \(the model's inputs, target, as in its training table\), found 4\n$/);
  });
});

describe('einprop eval on a table with text labels', () => {
  const table = speciesCsv(folder.at('species.csv'), 120);
  const model = folder.at('species.safetensors');
  const trained = einpropJson(['train', '--data', table, '--target', 'species', '--ignore', 'id', '--stratify', '--hidden', '16', '--epochs', '10', '--threads', '1', '--save', model]) as Trained;

  it('repeats train\'s test accuracy and names the classes in the confusion matrix', () => {
    const evaluated = einpropJson(['eval', '--model', model]) as Evaluated;
    expect(evaluated).toMatchObject({ accuracy: trained.test_accuracy, classes: 3, labels: ['setosa', 'versicolor', 'virginica'] });
    // --stratify held out each species' share: 8 of each 40.
    expect(evaluated.confusion_matrix.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([8, 8, 8]);
    const text = einprop(['eval', '--model', model]).stdout;
    expect(text).toMatch(/true\\predicted +setosa +versicolor +virginica\n/);
    expect(text).toMatch(/\nvirginica +\d+ +\d+ +\d+/);
  });

  it('a label the model never saw, or rows without a target, are errors saying so', () => {
    const other = folder.at('other.csv');
    writeFileSync(other, 'species,id,sepal_length,sepal_width,petal_length,petal_width\nsetosa,1,1,3,1.5,0.3\nlilium,2,1,2,3,4\n');
    const unknown = einprop(['eval', '--model', model, '--data', other]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe(`einprop: ${other}:3:1: class "lilium" is not one of the classes of ${model} ("setosa", "versicolor", "virginica")\n`);
    const bare = folder.at('bare.csv');
    writeFileSync(bare, 'sepal_length,sepal_width,petal_length,petal_width\n1,3,1.5,0.3\n');
    const unlabelled = einprop(['eval', '--model', model, '--data', bare]);
    expect(unlabelled.status).toBe(1);
    expect(unlabelled.stderr).toMatch(/^einprop: .*bare\.csv:1: 4 columns, the model's inputs without a target: expected 6 columns .* \(predict needs no target\)\n$/);
  });
});

/** A CSV of 3 features and a label. */
function writeNarrow(path: string): string {
  writeFileSync(path, '1,2,3,0\n4,5,6,1\n');
  return path;
}
