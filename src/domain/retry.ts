/** Statuses Teams tells bots to retry: throttled, precondition failed, and gateway trouble. */
const RETRYABLE = new Set([412, 429, 502, 503, 504]);

export type SendOutcome =
  | { kind: 'retry'; delayMs: number; reason: string }
  | { kind: 'permanent'; reason: string }
  | { kind: 'unknown'; delayMs: number; reason: string };

/** Parses Retry-After as seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with a cap: 2 s, 4 s, 8 s ... 10 min. */
export function backoffMs(attempt: number, baseMs = 2_000, capMs = 600_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Decides what to do after a failed send, from the HTTP status and headers the connector returned. */
export function classifySendFailure(
  status: number | undefined,
  retryAfter: string | null | undefined,
  attempt: number,
  now: number,
): SendOutcome {
  if (status !== undefined && RETRYABLE.has(status)) {
    const hinted = parseRetryAfter(retryAfter, now);
    return { kind: 'retry', delayMs: Math.max(hinted ?? backoffMs(attempt), 250), reason: `HTTP ${status}` };
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return { kind: 'permanent', reason: `HTTP ${status}` };
  }
  return { kind: 'unknown', delayMs: backoffMs(attempt), reason: status ? `HTTP ${status}` : 'network error' };
}

export type GraphOutcome = { kind: 'retry' | 'needsAdmin'; delayMs: number; reason: string } | { kind: 'gone' };

/**
 * Graph work is never given up: throttling and outages wait as Graph asks, a missing permission or a
 * refused request waits long (an admin must act, then it succeeds), a vanished channel starts over.
 */
export function classifyGraphFailure(
  status: number | undefined,
  retryAfter: string | null | undefined,
  attempt: number,
  now: number,
  detail: string,
): GraphOutcome {
  if (status === 404) return { kind: 'gone' };
  if (status === 429 || status === 503 || status === 504 || status === 502) {
    const hinted = parseRetryAfter(retryAfter, now);
    return { kind: 'retry', delayMs: Math.max(hinted ?? backoffMs(attempt), 250), reason: detail };
  }
  if (status === 401 || status === 403)
    return { kind: 'needsAdmin', delayMs: backoffMs(attempt, 60_000, 3_600_000), reason: detail };
  if (status !== undefined && status >= 400 && status < 500)
    return { kind: 'needsAdmin', delayMs: backoffMs(attempt, 30_000, 3_600_000), reason: detail };
  return { kind: 'retry', delayMs: backoffMs(attempt, 2_000, 600_000), reason: detail };
}
