import { describe, expect, it } from '@jest/globals';
import { localToInstant, offsetMinutes } from '../../src/domain/local-time.js';
import { findSlots, type BusyBlock, type SlotRequest } from '../../src/domain/slots.js';

const TZ = 'Europe/Copenhagen';
const HOURS = { start: '08:00', end: '16:00', days: [1, 2, 3, 4, 5] };
const at = (date: string, time: string) => localToInstant(date, time, TZ);
const block = (date: string, from: string, to: string, status: BusyBlock['status'] = 'busy'): BusyBlock => ({
  start: at(date, from),
  end: at(date, to),
  status,
});
const request = (over: Partial<SlotRequest> = {}): SlotRequest => ({
  from: '2026-12-01', // a Tuesday
  to: '2026-12-01',
  durationMinutes: 60,
  timeZone: TZ,
  workingHours: HOURS,
  notBefore: new Date('2026-11-22T00:00:00Z'),
  ...over,
});
/** Slots as Copenhagen wall-clock text, so the expectations read like the card. */
const local = (slots: { start: Date; end: Date }[]) =>
  slots.map(
    (s) =>
      `${new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, dateStyle: 'short', timeStyle: 'short' }).format(s.start)}–${new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, timeStyle: 'short' }).format(s.end)}`,
  );

describe('Copenhagen wall-clock time', () => {
  it('knows winter time (UTC+1) and summer time (UTC+2)', () => {
    expect(at('2026-12-01', '08:00').toISOString()).toBe('2026-12-01T07:00:00.000Z');
    expect(at('2027-06-01', '08:00').toISOString()).toBe('2027-06-01T06:00:00.000Z');
    expect(offsetMinutes(new Date('2027-03-28T00:59:00Z'), TZ)).toBe(60);
    expect(offsetMinutes(new Date('2027-03-28T01:00:00Z'), TZ)).toBe(120);
  });
});

describe('the slot finder', () => {
  it('finds the hours when all three are free, without overlapping proposals', () => {
    const slots = findSlots(request(), [
      [block('2026-12-01', '08:00', '10:00')],
      [block('2026-12-01', '11:00', '12:30')],
      [],
    ]);
    expect(local(slots)).toEqual([
      '2026-12-01 10:00–11:00',
      '2026-12-01 12:30–13:30',
      '2026-12-01 13:30–14:30',
      '2026-12-01 14:30–15:30',
    ]);
  });

  it('merges overlapping busy blocks from several people', () => {
    const slots = findSlots(request({ max: 5, perDay: 5 }), [
      [block('2026-12-01', '08:00', '11:00'), block('2026-12-01', '10:30', '12:00')],
      [block('2026-12-01', '11:30', '14:30')],
      [block('2026-12-01', '14:00', '15:00')],
    ]);
    expect(local(slots)).toEqual(['2026-12-01 15:00–16:00']);
  });

  it('treats an all-day event as busy the whole day, and out of office too', () => {
    const allDay: BusyBlock = { start: at('2026-12-01', '00:00'), end: at('2026-12-02', '00:00'), status: 'busy' };
    const oof: BusyBlock = { start: at('2026-12-02', '00:00'), end: at('2026-12-03', '00:00'), status: 'oof' };
    const slots = findSlots(request({ to: '2026-12-03' }), [[allDay, oof], [], []]);
    expect(local(slots).every((s) => s.startsWith('2026-12-03'))).toBe(true);
    expect(slots).toHaveLength(5);
  });

  it('lets a tentative hold through but ranks it after the fully free times; working elsewhere does not count', () => {
    const slots = findSlots(request({ max: 3, perDay: 3, durationMinutes: 120, stepMinutes: 120 }), [
      [block('2026-12-01', '08:00', '10:00', 'tentative')],
      [block('2026-12-01', '10:00', '12:00', 'workingElsewhere')],
      [block('2026-12-01', '12:00', '14:00', 'busy')],
    ]);
    expect(local(slots)).toEqual(['2026-12-01 10:00–12:00', '2026-12-01 14:00–16:00', '2026-12-01 08:00–10:00']);
    expect(slots.map((s) => s.tentative)).toEqual([0, 0, 1]);
  });

  it('keeps to working hours and working days: nothing starts before 08:00, ends after 16:00 or falls on a weekend', () => {
    const slots = findSlots(
      request({ from: '2026-12-04', to: '2026-12-07', max: 10, perDay: 10, durationMinutes: 90 }),
      [[], [], []],
    );
    const texts = local(slots);
    expect(texts[0]).toBe('2026-12-04 08:00–09:30');
    expect(texts.some((s) => s.startsWith('2026-12-05') || s.startsWith('2026-12-06'))).toBe(false);
    expect(texts).toContain('2026-12-07 14:00–15:30');
    const hourly = local(findSlots(request({ max: 20, perDay: 20, stepMinutes: 60 }), [[], [], []]));
    expect(hourly).toEqual(
      ['08', '09', '10', '11', '12', '13', '14', '15'].map(
        (h) => `2026-12-01 ${h}:00–${String(Number(h) + 1).padStart(2, '0')}:00`,
      ),
    );
  });

  it('keeps to local working hours across the change to summer time (28 March 2027)', () => {
    const slots = findSlots(request({ from: '2027-03-26', to: '2027-03-29', max: 4, perDay: 2 }), [[], [], []]);
    expect(slots.map((s) => s.start.toISOString())).toEqual([
      '2027-03-26T07:00:00.000Z', // Friday 08:00 winter time
      '2027-03-26T08:00:00.000Z',
      '2027-03-29T06:00:00.000Z', // Monday 08:00 summer time
      '2027-03-29T07:00:00.000Z',
    ]);
  });

  it('proposes nothing in the past, and nothing at all when nobody is free (the card says so)', () => {
    expect(local(findSlots(request({ notBefore: at('2026-12-01', '14:10') }), [[], [], []]))).toEqual([
      '2026-12-01 14:30–15:30',
    ]);
    expect(findSlots(request(), [[block('2026-12-01', '07:00', '17:00')], [], []])).toEqual([]);
  });

  it('proposes at most five, at most two a day while other days have room, never overlapping', () => {
    const slots = findSlots(request({ from: '2026-12-01', to: '2026-12-04' }), [[], [], []]);
    expect(slots).toHaveLength(5);
    const days = local(slots).map((s) => s.slice(0, 10));
    expect(days).toEqual(['2026-12-01', '2026-12-01', '2026-12-02', '2026-12-02', '2026-12-03']);
    for (let i = 1; i < slots.length; i++)
      expect(slots[i].start.getTime()).toBeGreaterThanOrEqual(slots[i - 1].end.getTime());
  });
});
