import type { Json } from './http-kit.ts';

/**
 * Test controls: injected faults, latency and the request log. Driven in-process
 * (`emulator.controls`) or over HTTP under `/__emulator/…` when the emulator runs on its own.
 */

export type FaultKind =
  /** Answer with this status before doing anything (5xx as a proxy would). */
  | { readonly kind: 'status'; readonly status: number; readonly body?: Json }
  /** Do the work and commit, then answer with this status (a gateway timeout after the fact). */
  | { readonly kind: 'status-after-commit'; readonly status: number }
  | { readonly kind: 'rate-limit'; readonly retryAfterSeconds: number }
  /** Never answer; the socket is closed after `ms` (default 30 s) so servers can shut down. */
  | { readonly kind: 'hang'; readonly ms?: number }
  /** Reset the connection before doing anything. */
  | { readonly kind: 'reset' }
  /** Do the work and commit, then drop the connection without a response. */
  | { readonly kind: 'commit-then-drop' };

export interface FaultRule {
  readonly method?: string;
  /** Exact path (`/api/card`), a route pattern (`/api/card/:id`), or a RegExp source prefixed `re:`. */
  readonly path: string;
  readonly fault: FaultKind;
  /** How many matching requests it affects (default 1). */
  readonly times?: number;
  /** Skip this many matching requests first (default 0). */
  readonly after?: number;
}

export type RequestCategory = 'read' | 'write' | 'auth';

export interface LogEntry {
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  /** Route pattern matched, e.g. `/api/card/:id`; null for unknown routes. */
  readonly route: string | null;
  readonly category: RequestCategory;
  readonly status: number | null;
  readonly fault: FaultKind['kind'] | null;
  readonly requestBody: Json | undefined;
  readonly responseBody: Json | undefined;
}

export interface RequestCounts {
  readonly reads: number;
  readonly writes: number;
  readonly auth: number;
}

interface ActiveRule {
  readonly rule: FaultRule;
  skipped: number;
  remaining: number;
}

export class EmulatorControls {
  #rules: ActiveRule[] = [];
  #latencyMs = 0;
  #log: LogEntry[] = [];
  #seq = 0;
  readonly #maxLog: number;

  constructor(maxLog = 100_000) {
    this.#maxLog = maxLog;
  }

  addFault(rule: FaultRule): void {
    this.#rules.push({ rule, skipped: 0, remaining: rule.times ?? 1 });
  }

  clearFaults(): void {
    this.#rules = [];
  }

  setLatency(ms: number): void {
    this.#latencyMs = Math.max(0, ms);
  }

  get latencyMs(): number {
    return this.#latencyMs;
  }

  /** The fault for this request, if a rule matches and still has uses left. */
  takeFault(method: string, path: string, route: string | null): FaultKind | null {
    for (const active of this.#rules) {
      const { rule } = active;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method) continue;
      if (!pathMatches(rule.path, path, route)) continue;
      if (active.remaining <= 0) continue;
      if (active.skipped < (rule.after ?? 0)) {
        active.skipped += 1;
        continue;
      }
      active.remaining -= 1;
      return rule.fault;
    }
    return null;
  }

  record(entry: Omit<LogEntry, 'seq'>): void {
    this.#seq += 1;
    this.#log.push({ seq: this.#seq, ...entry });
    if (this.#log.length > this.#maxLog) this.#log.shift();
  }

  log(): readonly LogEntry[] {
    return this.#log;
  }

  clearLog(): void {
    this.#log = [];
  }

  counts(since = 0): RequestCounts {
    const counts = { reads: 0, writes: 0, auth: 0 };
    for (const entry of this.#log) {
      if (entry.seq <= since) continue;
      if (entry.category === 'read') counts.reads += 1;
      else if (entry.category === 'write') counts.writes += 1;
      else counts.auth += 1;
    }
    return counts;
  }

  /** Sequence number of the last logged request: pass it to `counts(since)` to count a phase. */
  get lastSeq(): number {
    return this.#seq;
  }

  resetControls(): void {
    this.clearFaults();
    this.clearLog();
    this.#latencyMs = 0;
  }
}

function pathMatches(rulePath: string, path: string, route: string | null): boolean {
  if (rulePath.startsWith('re:')) return new RegExp(rulePath.slice(3)).test(path);
  const trim = (p: string) => p.replace(/\/+$/, '');
  return trim(rulePath) === trim(path) || (route !== null && trim(rulePath) === trim(route));
}

export function categoryOf(method: string, path: string): RequestCategory {
  if (path.replace(/\/+$/, '') === '/api/session' && method === 'POST') return 'auth';
  return method === 'GET' ? 'read' : 'write';
}
