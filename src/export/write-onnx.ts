// Writing a model as an ONNX file, atomically: the path holds its old content or the whole new graph.

import { atomicWrite } from '../io/atomic-write.js';
import { type ExportableModel, exportOnnx } from './onnx-model.js';

/** Writes `model` to `path` as ONNX (see `exportOnnx`); returns the number of bytes written. */
export function writeOnnx(path: string, model: ExportableModel): number {
  const bytes = exportOnnx(model);
  atomicWrite(path, bytes);
  return bytes.length;
}
