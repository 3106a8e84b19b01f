import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { trainTfjs } from '../../../bench/peers/train-tfjs.js';
import { prepareData } from '../../../src/train/prepare.js';
import { train } from '../../../src/train/trainer.js';
import { classification, smallConfig, syntheticCsv } from '../../support/config.js';

const data = syntheticCsv(480);
const config = smallConfig(data, {
  epochs: 2,
  optim: { ...smallConfig(data).optim, optimizer: 'momentum', lr: 0.05, momentum: 0.9 },
});

/** The largest |a[i] − b[i]|. */
function maxDifference(a: Float32Array, b: Float32Array): number {
  let largest = 0;
  for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i] - b[i]));
  return largest;
}

describe('trainTfjs', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`tfjs-${backend} from einprop's initial parameters over einprop's batches ends at einprop's parameters`, async () => {
      const einprop = await train(config);
      expect(await tf.setBackend(backend)).toBe(true);
      const prepared = prepareData(config);
      const peer = trainTfjs(config, classification(prepared.train), classification(prepared.test));
      expect(peer.complete).toBe(true);
      expect(peer.steps).toBe(einprop.steps);
      expect(peer.parameters.length).toBe(einprop.parameters.length);
      // Only the float32 summation order differs (measured: about one ulp after 30 momentum steps).
      expect(maxDifference(peer.parameters, einprop.parameters)).toBeLessThan(1e-5);
      expect(peer.trainLoss).toBeCloseTo(einprop.train_loss, 4);
      expect(peer.testAccuracy).toBeCloseTo(einprop.test_accuracy, 2);
    });
  }

  it('stops after maxSteps steps and says the run is incomplete', async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    const prepared = prepareData(config);
    const peer = trainTfjs(config, classification(prepared.train), classification(prepared.test), 4);
    expect(peer.steps).toBe(4);
    expect(peer.complete).toBe(false);
    expect(peer.samplesPerSecond).toBeGreaterThan(0);
  });
});
