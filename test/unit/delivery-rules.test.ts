import { describe, expect, it } from '@jest/globals';
import { waitBeforeSend } from '../../src/domain/rate-limit.js';
import { backoffMs, classifySendFailure, parseRetryAfter } from '../../src/domain/retry.js';

describe('Teams rate limits for one conversation', () => {
  const now = 100_000;
  it('sends at once while under every limit', () => {
    expect(waitBeforeSend([now - 500, now - 400], now)).toBe(0);
  });
  it('waits for the oldest of 7 sends in the last second to leave the window', () => {
    const sent = [900, 800, 700, 600, 500, 400, 300].map((ago) => now - ago);
    expect(waitBeforeSend(sent, now)).toBe(101);
  });
  it('holds the 8-per-2-seconds limit', () => {
    const sent = [1900, 1800, 1700, 1600, 1500, 1400, 1300, 1200].map((ago) => now - ago);
    expect(waitBeforeSend(sent, now)).toBe(101);
  });
  it('holds the 60-per-30-seconds limit', () => {
    const sent = Array.from({ length: 60 }, (_, i) => now - 29_000 + i * 10);
    expect(waitBeforeSend(sent, now)).toBe(1001);
  });
  it('holds the 1,800-per-hour limit: the 1,801st send waits until the hour-old one leaves the window', () => {
    const start = 10_000_000;
    const sent = Array.from({ length: 1800 }, (_, i) => start + i * 1900); // every 1.9 s: under the other limits
    const at = start + 1800 * 1900;
    expect(waitBeforeSend(sent, at)).toBe(start + 3_600_000 - at + 1);
    expect(waitBeforeSend(sent.slice(1), at)).toBe(0);
  });
});

describe('retrying a failed send', () => {
  const now = Date.UTC(2026, 10, 22, 12);
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
  it('honours Retry-After on 429 and retries 412, 502, 503 and 504', () => {
    expect(classifySendFailure(429, '7', 1, now)).toEqual({ kind: 'retry', delayMs: 7000, reason: 'HTTP 429' });
    for (const s of [412, 502, 503, 504]) expect(classifySendFailure(s, null, 2, now).kind).toBe('retry');
  });
  it('backs off exponentially without Retry-After', () => {
    expect(classifySendFailure(503, null, 3, now)).toMatchObject({ delayMs: 8000 });
    expect(backoffMs(30)).toBe(600_000);
  });
  it('gives up on other client errors (the bot was removed, the conversation is gone)', () => {
    expect(classifySendFailure(403, null, 1, now).kind).toBe('permanent');
    expect(classifySendFailure(404, null, 1, now).kind).toBe('permanent');
  });
  it('retries network errors and unknown server errors', () => {
    expect(classifySendFailure(undefined, null, 1, now).kind).toBe('unknown');
    expect(classifySendFailure(500, null, 1, now).kind).toBe('unknown');
  });
});
