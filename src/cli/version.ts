// The running einprop's version, for the command line's modules (read in src/version.ts).

export { einpropVersion } from '../version.js';
