// `einprop export`: a saved model written in a format other tools run (ONNX), with its normalisation inside.

import { resolve } from 'node:path';
import type { Argv, CommandModule, Options } from 'yargs';
import type { ExportableModel } from '../export/onnx-model.js';
import { checkOutputFile } from '../io/output-file.js';
import { lockFile } from '../io/file-lock.js';
import { exportableParts } from '../model/model-parts.js';
import { badFlag, choice, once, text } from './flag-values.js';
import { flagLookup } from './options.js';
import { MODEL_FILE_HELP, type SavedModel, inputWidth, loadModel, modelFlagOptions, outputWidth, toModelFlags } from './model-file.js';
import { toGlobalFlags } from './flag-definitions.js';
import { printResult } from './output.js';

const FORMATS = ['onnx'] as const;

/** The flags of `einprop export`. */
export const exportOptions = {
  model: { type: 'string', requiresArg: true, demandOption: true, describe: MODEL_FILE_HELP },
  format: { type: 'string', requiresArg: true, describe: `the file format: ${FORMATS.join(', ')}`, defaultDescription: 'onnx' },
  out: { type: 'string', requiresArg: true, demandOption: true, describe: 'the file to write (replaced atomically)' },
  ...modelFlagOptions,
} as const satisfies Record<string, Options>;

/** What `einprop export --json` prints. */
export interface ExportResult {
  readonly model: string;
  readonly out: string;
  readonly format: (typeof FORMATS)[number];
  readonly opset: number;
  readonly bytes: number;
  readonly inputs: number;
  readonly outputs: number;
}

/** Writes the model at --model to --out as ONNX; with --json, one object (see `ExportResult`). */
export const exportCommand: CommandModule = {
  command: 'export',
  describe: 'write a saved model as an ONNX graph (normalisation, layers and output activation included)',
  builder: (yargs: Argv) => yargs.options(exportOptions),
  handler: async (argv) => {
    const modelPath = text({ raw: once('model', argv.model), where: '--model' });
    const flags = toModelFlags(flagLookup(argv));
    const format = argv.format === undefined ? 'onnx' : choice({ raw: once('format', argv.format), where: '--format' }, FORMATS);
    const out = text({ raw: once('out', argv.out), where: '--out' });
    if (resolve(out) === resolve(modelPath)) throw badFlag('--out', `names the model file ${modelPath} itself; give another path`);
    // Before any work: a place a regular file can be written, held against another einprop writing it too.
    const lock = lockFile(checkOutputFile(out, '--out'), '--out', out, 'export');
    try {
      const model = loadModel(modelPath, flags);
      // Loaded here, not with the other commands: the ONNX schema takes tens of milliseconds to load.
      const [{ ONNX_OPSET }, { writeOnnx }] = await Promise.all([import('../export/onnx-model.js'), import('../export/write-onnx.js')]);
      const bytes = writeOnnx(out, exportableModel(model));
      const result: ExportResult = { model: modelPath, out, format, opset: ONNX_OPSET, bytes, inputs: inputWidth(model), outputs: outputWidth(model) };
      printResult(toGlobalFlags(argv).json, result, `wrote ${out} (ONNX opset ${ONNX_OPSET}, ${result.inputs} inputs, ${result.outputs} outputs, ${bytes} bytes)`);
    } finally {
      lock.release();
    }
  },
};

/**
 * The model as `exportOnnx` takes it (see exportableParts).
 * Weights from elsewhere asked to be normalised are refused (exit 2): that normalisation is fitted to data, and export has none.
 */
export function exportableModel(model: SavedModel): ExportableModel {
  if (model.normalization === undefined) {
    throw badFlag('--normalize', `${model.normalize} is fitted to the data given, and export is given none: ${model.path} holds weights alone, with no normalisation of their own (leave --normalize out)`);
  }
  return exportableParts(model.parts);
}
