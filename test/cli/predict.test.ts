// einprop predict through the built executable: a line per row, label-less CSVs, agreement with eval, and its errors.

import { readFileSync, writeFileSync } from 'node:fs';
import { loadCheckpoint, saveCheckpoint } from '../../src/checkpoint/checkpoint.js';
import { afterAll, describe, expect, it } from 'vitest';
import { digitsCsv, einprop, einpropJson, scratchFolder, speciesCsv, withoutLabels } from '../support/built-einprop.js';

const folder = scratchFolder();
afterAll(folder.remove);
const data = digitsCsv(folder.at('digits.csv'), 200);
const model = folder.at('m.safetensors');
einpropJson(['train', '--data', data, '--layers', '64,12,10', '--epochs', '2', '--batch-size', '32', '--lr', '0.01', '--threads', '1', '--save', model]);

/** The labels of a CSV written by `digitsCsv` (its last column). */
function labelsOf(csv: string): number[] {
  return csv.trimEnd().split('\n').map((line) => Number(line.split(',').at(-1)));
}

describe('einprop predict', () => {
  it('prints as many lines as the input has rows, each a class the model has', () => {
    const run = einprop(['predict', '--model', model, '--data', data]);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(200);
    for (const line of lines) expect(line).toMatch(/^[0-9]$/);
  });

  it('a CSV without the label column predicts the same classes; --json prints them as one array', () => {
    const lines = einprop(['predict', '--model', model, '--data', data]).stdout.trimEnd().split('\n').map(Number);
    const bare = withoutLabels(data, folder.at('bare.csv'));
    expect(einpropJson(['predict', '--model', model, '--data', bare])).toEqual(lines);
  });

  it('its predictions score what eval --split all scores', () => {
    const predictions = einpropJson(['predict', '--model', model, '--data', data]) as number[];
    const labels = labelsOf(readFileSync(data, 'utf8'));
    const correct = predictions.filter((p, i) => p === labels[i]).length;
    expect(einpropJson(['eval', '--model', model, '--split', 'all'])).toMatchObject({ correct, samples: 200 });
  });

  it('a CSV of the wrong width, or with a bad value, exits 1 naming the line and column', () => {
    const narrow = folder.at('narrow.csv');
    writeFileSync(narrow, '1,2,3\n');
    const wide = einprop(['predict', '--model', model, '--data', narrow]);
    expect(wide.status).toBe(1);
    expect(wide.stderr).toBe(`einprop: ${narrow}:1:4: expected 64 columns (the model's inputs) or 65 (its inputs, target, as in its training table), found 3\n`);
    const bad = folder.at('bad.csv');
    const row = Array.from({ length: 64 }, (_, j) => String(j)).join(',');
    writeFileSync(bad, `${row}\n${row.replace(',5,', ',five,')}\n`);
    const located = einprop(['predict', '--model', model, '--data', bad]);
    expect(located.status).toBe(1);
    expect(located.stderr).toBe(`einprop: ${bad}:2:6: value "five" is not a finite number\n`);
  });

  it('a model saved without its classes (an older checkpoint) prints its outputs as their own labels', () => {
    const { schema: _schema, ...rest } = loadCheckpoint(model);
    const old = folder.at('old.safetensors');
    saveCheckpoint(old, rest);
    expect(einprop(['predict', '--model', old, '--data', data]).stdout).toBe(einprop(['predict', '--model', model, '--data', data]).stdout);
  });

  it('usage errors exit 2 with one line naming the flag', () => {
    for (const [args, message] of [
      [['predict', '--model', model], /^einprop: --data is required/],
      [['predict', '--data', data], /^einprop: --model is required/],
      [['predict', '--model', model, '--data', data, '--labels'], /^einprop: unknown flag --labels \(see einprop predict --help\)\n$/],
    ] as [string[], RegExp][]) {
      const run = einprop(args);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});

describe('einprop predict on a table with text labels, an id column and its target first', () => {
  const table = speciesCsv(folder.at('species.csv'), 150);
  const species = folder.at('species.safetensors');
  einpropJson(['train', '--data', table, '--target', 'species', '--ignore', 'id', '--hidden', '16', '--epochs', '20', '--lr', '0.01', '--threads', '1', '--save', species]);
  const lines = readFileSync(table, 'utf8').trimEnd().split('\n');
  /** The table's lines with only the columns `keep` picks (by index), written to `name`. */
  const columns = (name: string, keep: (j: number) => boolean): string => {
    const path = folder.at(name);
    writeFileSync(path, lines.map((line) => line.split(',').filter((_, j) => keep(j)).join(',')).join('\n') + '\n');
    return path;
  };

  it('prints the original labels, and mostly the right ones', () => {
    const predicted = einprop(['predict', '--model', species, '--data', table]).stdout.trimEnd().split('\n');
    const truth = lines.slice(1).map((line) => line.split(',')[0]);
    expect(new Set(predicted)).toEqual(new Set(['setosa', 'versicolor', 'virginica']));
    expect(predicted.filter((label, r) => label === truth[r]).length).toBeGreaterThan(120);
    expect(einpropJson(['predict', '--model', species, '--data', table])).toEqual(predicted);
  });

  it('rows with every column, without the target, or the features alone, with or without the header, predict the same', () => {
    const all = einprop(['predict', '--model', species, '--data', table]).stdout;
    const tabs = folder.at('species.tsv');
    writeFileSync(tabs, readFileSync(table, 'utf8').replaceAll(',', '\t'));
    for (const path of [columns('no-target.csv', (j) => j !== 0), columns('features.csv', (j) => j > 1), tabs]) {
      expect(einprop(['predict', '--model', species, '--data', path]).stdout).toBe(all);
    }
    const headless = folder.at('headless.csv');
    writeFileSync(headless, lines.slice(1).map((line) => line.split(',').slice(2).join(',')).join('\n') + '\n');
    expect(einprop(['predict', '--model', species, '--data', headless]).stdout).toBe(all);
  });

  it('a header naming other inputs than the model\'s is an error naming the column', () => {
    const swapped = folder.at('swapped.csv');
    writeFileSync(swapped, ['sepal_width,sepal_length,petal_length,petal_width', '1,2,3,4'].join('\n'));
    const run = einprop(['predict', '--model', species, '--data', swapped]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`einprop: ${swapped}:1:1: the header names this input "sepal_width", but the model's input 1 was "sepal_length"; give the columns in the training table's order\n`);
  });
});
