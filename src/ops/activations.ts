// The activations a layer can apply, by name: every one may end a network, all but softmax may also sit inside it.

/** Every activation's name. */
export const ACTIVATION_NAMES = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'identity', 'softmax'] as const;

/** Activation functions of hidden and output layers. */
export type ActivationName = (typeof ACTIVATION_NAMES)[number];

/** The activations of hidden layers, in the order the CLI lists them. */
export const HIDDEN_ACTIVATION_NAMES = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'identity'] as const satisfies readonly ActivationName[];

/** The activations of the output layer, in the order the CLI lists them. */
export const OUTPUT_ACTIVATION_NAMES = ['softmax', 'sigmoid', 'identity', 'tanh', 'relu', 'leaky-relu'] as const satisfies readonly ActivationName[];
