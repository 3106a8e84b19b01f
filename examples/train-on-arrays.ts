// Train a classifier on arrays, predict labels and probabilities, score it, save it and open it again.
// From a clone, after `npm run build`: node --experimental-strip-types examples/train-on-arrays.ts (Node 22.6+).

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel, train } from 'einprop';

// Three clusters of 2-D points, one per species, labelled with text.
const species = ['setosa', 'versicolor', 'virginica'];
const features: number[][] = [];
const targets: string[] = [];
for (let i = 0; i < 300; i++) {
  const k = i % 3;
  const angle = (2 * Math.PI * k) / 3;
  // A fixed spread around each centre (any numbers do).
  const dx = ((i * 7919) % 100) / 100 - 0.5;
  const dy = ((i * 104729) % 100) / 100 - 0.5;
  features.push([2 * Math.cos(angle) + dx, 2 * Math.sin(angle) + dy]);
  targets.push(species[k]);
}

// Only the data is required: every other setting has the command line's default (see `defaults`).
const { model, history, test_accuracy } = await train({ data: { features, targets }, epochs: 10 });
console.log(`trained ${history.length} epochs, test accuracy ${(100 * test_accuracy).toFixed(1)}%`);

const rows = [[2, 0], [-1, 1.7], [-1, -1.7]];
console.log('predicted:', model.predict(rows));
console.log('probabilities:', model.predictProba(rows).map((p) => p.map((x) => x.toFixed(3)).join(' ')));
console.log(`accuracy on every row: ${model.evaluate({ features, targets }).accuracy}`);

// The same checkpoint `einprop train --save` writes: `einprop eval --model` reads it too.
const path = join(mkdtempSync(join(tmpdir(), 'einprop-example-')), 'clusters.safetensors');
await model.save(path);
const again = await loadModel(path);
if (JSON.stringify(again.predict(rows)) !== JSON.stringify(model.predict(rows))) throw new Error('the saved model predicts otherwise');
console.log(`saved to ${path} and opened again: the same predictions`);
