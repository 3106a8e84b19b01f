// How a caller spells the settings that messages about its data and its run name: the command line's flags, or train()'s config fields.

/** The settings, alone or given a value, that a message on the data and training path may name. */
export type SettingKey =
  | 'data'
  | 'target'
  | 'ignore'
  | 'headerYes'
  | 'headerNo'
  | 'taskRegression'
  | 'hidden'
  | 'normalizeMax'
  | 'stratify'
  | 'testSplit'
  | 'validationSplit'
  | 'batchSize'
  | 'shards'
  | 'threads';

/** How one caller spells each setting in messages. */
export type SettingNames = Readonly<Record<SettingKey, string>>;

/** The command line's spelling, its flags: what readers name when their caller gives no other. */
export const FLAG_NAMES: SettingNames = {
  data: '--data FILE',
  target: '--target',
  ignore: '--ignore',
  headerYes: '--header yes',
  headerNo: '--header no',
  taskRegression: '--task regression',
  hidden: '--hidden',
  normalizeMax: '--normalize max',
  stratify: '--stratify',
  testSplit: '--test-split',
  validationSplit: '--validation-split',
  batchSize: '--batch-size',
  shards: '--shards',
  threads: '--threads',
};

/** The spelling of train() from code, the fields of its config as its own messages name them (`config.optim.lr`). */
export const CONFIG_NAMES: SettingNames = {
  data: 'config.data: a file or { features, targets }',
  target: 'config.target',
  ignore: 'config.ignore',
  headerYes: "config.header 'yes'",
  headerNo: "config.header 'no'",
  taskRegression: "config.task 'regression'",
  hidden: 'config.model.hidden',
  normalizeMax: "config.normalize 'max'",
  stratify: 'config.stratify true',
  testSplit: 'config.testSplit',
  validationSplit: 'config.validationSplit',
  batchSize: 'config.batchSize',
  shards: 'config.shards',
  threads: 'config.threads',
};
