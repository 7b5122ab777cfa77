/** Everything a command may touch of the outside world, injected so tests can run commands in-process. */
export interface CliIo {
  /** Results (reports, plans, JSON). */
  readonly out: (text: string) => void;
  /** Progress, warnings and errors. */
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where relative paths given by the user are resolved. */
  readonly cwd: string;
  /** The project checkout: bundled sample export, views/, questions/, dashboards/. */
  readonly projectRoot: string;
  /** Whether stderr is a terminal (live progress) or a log (plain lines). */
  readonly interactive: boolean;
}
