// Datasets from an IDX image file and its label file (MNIST's own format), found by folder or by name.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { encodeClasses } from './class-labels.js';
import { type ClassificationDataset, makeDataset } from './dataset.js';
import { type IdxKind, readIdxFile } from './idx.js';
import { integerTarget } from './target-column.js';

/** File names of an image file: `train-images-idx3-ubyte`, also with `.idx3` and `.gz`. */
const IMAGE_FILE = /^(train|t10k)-images[.-]idx3-ubyte(\.gz)?$/;

/** An image file: count, rows, columns. */
const IMAGES: IdxKind = { rank: 3, name: 'an IDX image file', dims: 'count, rows, columns' };

/** A label file: one label per image. */
const LABELS: IdxKind = { rank: 1, name: 'an IDX label file' };

/**
 * Loads an IDX dataset from a folder (its `train-*` pair, else its `t10k-*` pair) or from one
 * file of a pair (`…images…` or `…labels…`; the other is found beside it by swapping the word).
 */
export function loadIdx(path: string): ClassificationDataset {
  const pair = isFolder(path) ? findPairInFolder(path) : findPartner(path);
  return loadIdxPair(pair.images, pair.labels, path);
}

/**
 * Loads an image file (3 dimensions: count, rows, columns) and a label file (1 dimension: count)
 * as rows of `rows × columns` features with pixel values 0..255 (unscaled: normalisation scales them),
 * whose classes are the distinct labels in numeric order.
 */
export function loadIdxPair(imagesPath: string, labelsPath: string, source: string = imagesPath): ClassificationDataset {
  const images = readIdxFile(imagesPath, IMAGES);
  const labels = readIdxFile(labelsPath, LABELS);
  const [count, rows, columns] = images.dims;
  if (labels.dims[0] !== count) {
    throw new UserError(`${labelsPath}: ${labels.dims[0]} labels, but ${imagesPath} has ${count} images`);
  }
  if (count === 0 || rows * columns === 0) throw new UserError(`${imagesPath}: the file holds no pixels`);
  const features = new Float32Array(images.data.length);
  const pixels = images.data;
  for (let i = 0; i < pixels.length; i++) features[i] = pixels[i];
  // Labels as they come: {0, 1, 5} are three classes, not six.
  const { classes, labels: classLabels } = encodeClasses(integerTarget(labels.data, 'label'), undefined, { source }, 'the classes');
  return makeDataset(features, classLabels, rows * columns, source, undefined, classes);
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    throw new UserError(`${path}: no such file or folder`);
  }
}

/** The image/label pair in a folder, preferring the training files. */
function findPairInFolder(folder: string): { images: string; labels: string } {
  const names = readdirSync(folder);
  for (const prefix of ['train', 't10k']) {
    for (const name of names) {
      const match = IMAGE_FILE.exec(name);
      if (match === null || match[1] !== prefix) continue;
      const labels = existingVariant(join(folder, labelNameOf(name)));
      if (labels !== null) return { images: join(folder, name), labels };
    }
  }
  throw new UserError(
    `${folder}: no IDX pair in this folder (expected train-images-idx3-ubyte and train-labels-idx1-ubyte, ` +
      'or the t10k-… pair, optionally .gz)',
  );
}

/** Given one file of a pair, the pair. */
function findPartner(file: string): { images: string; labels: string } {
  const name = basename(file);
  const isImages = name.includes('images');
  if (!isImages && !name.includes('labels')) {
    throw new UserError(`${file}: cannot tell the images from the labels; give the folder, or name the files …images… and …labels…`);
  }
  const partnerName = isImages ? labelNameOf(name) : name.replace('labels', 'images').replace('idx1', 'idx3');
  const partner = existingVariant(join(dirname(file), partnerName));
  if (partner === null) throw new UserError(`${file}: its ${isImages ? 'label' : 'image'} file ${partnerName} is missing`);
  return isImages ? { images: file, labels: partner } : { images: partner, labels: file };
}

/** The label file's name for an image file's name. */
function labelNameOf(imageName: string): string {
  return imageName.replace('images', 'labels').replace('idx3', 'idx1');
}

/** `path` if it exists, else the same path with `.gz` added or removed if that exists, else null. */
function existingVariant(path: string): string | null {
  if (existsSync(path)) return path;
  const other = path.endsWith('.gz') ? path.slice(0, -3) : `${path}.gz`;
  return existsSync(other) ? other : null;
}
