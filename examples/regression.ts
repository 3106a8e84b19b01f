// Regression on arrays: numeric targets, predictions in the targets' units, RMSE and R², and the model saved and opened again.
// From a clone, after `npm run build`: node --experimental-strip-types examples/regression.ts (Node 22.6+).

import { loadModel, train } from 'einprop';

// y = 3·x₀ − 2·x₁ + 1, with a little fixed noise.
const features: number[][] = [];
const targets: number[] = [];
for (let i = 0; i < 400; i++) {
  const x0 = ((i * 37) % 100) / 50 - 1;
  const x1 = ((i * 61) % 100) / 50 - 1;
  features.push([x0, x1]);
  targets.push(3 * x0 - 2 * x1 + 1 + (((i * 13) % 7) - 3) / 100);
}

// The output and loss default to the regression ones (identity, mse); the targets are standardised inside and mapped back.
const { model, history } = await train({ task: 'regression', data: { features, targets }, validationSplit: 0.2, epochs: 30 });
console.log(`validation RMSE after ${history.length} epochs: ${history[history.length - 1].val_rmse?.toFixed(3)}`);
const figures = model.evaluate({ features, targets });
console.log(`RMSE ${figures.rmse.toFixed(3)}, MAE ${figures.mae.toFixed(3)}, R² ${figures.r2.toFixed(3)}`);
console.log('y at (1, 1), about 2:', model.predict([[1, 1]])[0][0].toFixed(2));

// Its checkpoint holds the target scaling: opened again, it predicts the same values.
const again = await loadModel(model.toBuffer());
if (again.task !== 'regression' || again.predict(features)[7][0] !== model.predict(features)[7][0]) throw new Error('the saved regressor predicts otherwise');
console.log('saved and opened again: the same values');
