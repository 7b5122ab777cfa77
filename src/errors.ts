/**
 * The few error kinds the CLI knows how to report. Anything else reaching the top level is a bug
 * and is reported as an internal error (still one line unless DEBUG is set).
 */

/** Bad input from the user: files, flags, environment. The message says what to fix. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/** A remote system (PostgreSQL, Metabase) refused or failed. Never carries a secret. */
export class RemoteError extends Error {
  override readonly name = 'RemoteError';
  constructor(
    message: string,
    readonly context: {
      readonly system: 'metabase' | 'postgres';
      readonly method?: string;
      readonly path?: string;
      readonly status?: number;
      readonly remoteMessage?: string;
    },
  ) {
    super(message);
  }
}

/** Something we believed impossible happened. */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}
