// Regression on arrays: numeric targets, predictions in the targets' units, RMSE and R².
// NOTE: needs the regression task (`--task regression`); an einprop without it refuses task 'regression' in one line.

import { train } from 'einprop';

// y = 3·x₀ − 2·x₁ + 1, with a little fixed noise.
const features: number[][] = [];
const targets: number[] = [];
for (let i = 0; i < 400; i++) {
  const x0 = ((i * 37) % 100) / 50 - 1;
  const x1 = ((i * 61) % 100) / 50 - 1;
  features.push([x0, x1]);
  targets.push(3 * x0 - 2 * x1 + 1 + (((i * 13) % 7) - 3) / 100);
}

const { model } = await train({ task: 'regression', data: { features, targets }, epochs: 30 });
const figures = model.evaluate({ features, targets });
console.log(`RMSE ${figures.rmse.toFixed(3)}, MAE ${figures.mae.toFixed(3)}, R² ${figures.r2.toFixed(3)}`);
console.log('y at (1, 1), about 2:', model.predict([[1, 1]])[0][0].toFixed(2));
