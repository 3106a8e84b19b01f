// Open a model the command line trained and predict from code.
//   einprop train --data iris.csv --target species --save iris.safetensors
//   node --experimental-strip-types examples/load-checkpoint.ts iris.safetensors 5.1,3.5,1.4,0.2 6.7,3.0,5.2,2.3

import { loadModel } from 'einprop';

const [path, ...given] = process.argv.slice(2);
if (path === undefined || given.length === 0) {
  console.error('usage: load-checkpoint MODEL.safetensors ROW [ROW...]   (a row: comma-separated features)');
  process.exit(2);
}
const model = await loadModel(path);
const { task, widths, activation, output } = model.spec;
console.log(`${task} model, layers ${widths.join(',')}, ${activation} hidden layers, ${output} output`);

// The stored normalisation and class labels are applied inside: rows are given as the data had them.
const rows = given.map((row) => row.split(',').map(Number));
if (model.task === 'classification') {
  const probabilities = model.predictProba(rows);
  const labels = model.spec.classes;
  model.predict(rows).forEach((label, r) => {
    const shares = probabilities[r].map((p, k) => `${labels[k]} ${(100 * p).toFixed(1)}%`).join(', ');
    console.log(`${given[r]} -> ${label} (${shares})`);
  });
} else {
  model.predict(rows).forEach((values, r) => console.log(`${given[r]} -> ${values.join(', ')}`));
}
