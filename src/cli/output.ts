// What a command prints on stdout: its human-readable text, or with --json one JSON object and nothing else.

/** Prints a command's result: `result` as one JSON line when `json`, else `text` (a trailing newline is added). */
export function printResult(json: boolean, result: object, text: string, stdout: NodeJS.WritableStream = process.stdout): void {
  stdout.write(json ? `${JSON.stringify(result)}\n` : text.endsWith('\n') ? text : `${text}\n`);
}

/**
 * Sends console.log, info and debug to stderr until the returned function is called, so that with --json
 * a stray log line from anywhere cannot break the one JSON object stdout promises.
 */
export function keepStdoutForJson(): () => void {
  const { log, info, debug } = console;
  const toStderr = (...args: unknown[]): void => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  return () => {
    console.log = log;
    console.info = info;
    console.debug = debug;
  };
}
