/**
 * When and how long to wait before trying a Metabase request again. Pure: the clock and the
 * random source are passed in so tests get exact delays.
 */
export interface RetryPolicy {
  /** Total tries including the first one. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails instead. */
  readonly maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  maxRetryAfterMs: 120_000,
};

/**
 * Exponential backoff with "full jitter" (a uniform draw in [0, cap]), so many clients retrying
 * after the same outage do not hit the server in lockstep. `attempt` is 1 after the first failure.
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap * random());
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). Null when absent or unreadable. */
export function retryAfterMs(header: string | undefined, nowMs: number): number | null {
  if (header === undefined) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

/** Statuses that mean "not now" rather than "no": rate limiting and gateways/upstream trouble. */
const retryableStatuses: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Server errors that say the same thing on every try: the feature or protocol is missing. */
const permanentServerErrors: ReadonlySet<number> = new Set([501, 505]);

/**
 * Whether a response status may be retried. Any request may be on "not now" statuses. A read
 * (`safe`: a GET changes nothing) may also be on any other 5xx: Metabase answers 500 when its
 * application database connection drops or a query to it times out under load, and repeating a
 * read costs only the wait. A write is not repeated on a 500, which may have half-applied it.
 */
export function isRetryableStatus(status: number, safe: boolean): boolean {
  if (retryableStatuses.has(status)) return true;
  return safe && status >= 500 && status <= 599 && !permanentServerErrors.has(status);
}
