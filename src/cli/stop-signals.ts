// Ctrl-C, SIGTERM and SIGHUP stop a command alike: the first asks it to stop at a safe point, a second ends the process at once.

/** The signals that stop a command, each with its exit code: 128 + the signal's number, as a shell reports it. */
export const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/** A signal that stops a command. */
export type StopSignal = keyof typeof STOP_SIGNALS;

/** The exit code of a command stopped by a signal. */
export type StopCode = (typeof STOP_SIGNALS)[StopSignal];

/**
 * A command's stop signals, caught between `listen()` and `close()`. The first one aborts `signal`,
 * which the command checks at its safe points; a second one calls `beforeExit` (restore the terminal)
 * and exits at once with the first one's code. Outside `listen()`/`close()` a signal has its
 * default effect: the process ends at once, which is right while nothing could be saved anyway.
 */
export class StopSignals {
  private readonly controller = new AbortController();
  private received: StopSignal | undefined;
  private listening = false;
  private readonly handlers = new Map<StopSignal, () => void>();

  /** `source` and `exit` are the process's own but for tests, which cannot let a second signal end their process. */
  constructor(
    private readonly beforeExit: () => void = () => {},
    private readonly source: NodeJS.EventEmitter = process,
    private readonly exit: (code: StopCode) => void = (code) => process.exit(code),
  ) {
    for (const name of Object.keys(STOP_SIGNALS) as StopSignal[]) this.handlers.set(name, () => this.receive(name));
  }

  /** Aborted by the first stop signal. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The first stop signal received, if any. */
  get stoppedBy(): StopSignal | undefined {
    return this.received;
  }

  /** The exit code of the first signal received (130, as for Ctrl-C, if none was). */
  get exitCode(): StopCode {
    return STOP_SIGNALS[this.received ?? 'SIGINT'];
  }

  /** Starts catching the stop signals (again calls do nothing). */
  listen(): void {
    if (this.listening) return;
    this.listening = true;
    for (const [name, handler] of this.handlers) this.source.on(name, handler);
  }

  /** Stops catching them: a signal has its default effect again. */
  close(): void {
    if (!this.listening) return;
    this.listening = false;
    for (const [name, handler] of this.handlers) this.source.removeListener(name, handler);
  }

  private receive(name: StopSignal): void {
    if (this.received === undefined) {
      this.received = name;
      this.controller.abort();
      return;
    }
    // The user asks twice: stop now, with the terminal as it was.
    this.beforeExit();
    this.exit(STOP_SIGNALS[this.received]);
  }
}

/** How a message names the signal that stopped a command: nothing for Ctrl-C (the user knows), else its name. */
export function stoppedBy(signal: StopSignal | undefined): string {
  return signal === undefined || signal === 'SIGINT' ? '' : ` by ${signal}`;
}
