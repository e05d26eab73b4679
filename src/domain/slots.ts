import { addDays } from './portfolio.js';
import { isoWeekday, localToInstant } from './local-time.js';

/** Free/busy as Graph's getSchedule reports it. */
export type BusyStatus = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';

export interface BusyBlock {
  start: Date;
  end: Date;
  status: BusyStatus;
}

export interface WorkingHours {
  /** "08:00" */
  start: string;
  /** "16:00" */
  end: string;
  /** ISO weekdays, 1 = Monday. */
  days: readonly number[];
}

export interface SlotRequest {
  /** First and last calendar day of the window (the organisation's dates, both included). */
  from: string;
  to: string;
  durationMinutes: number;
  timeZone: string;
  workingHours: WorkingHours;
  /** Nothing is proposed before this instant. */
  notBefore: Date;
  stepMinutes?: number;
  max?: number;
  /** Spread: at most this many proposals on one day while other days have room. */
  perDay?: number;
}

export interface Slot {
  start: Date;
  end: Date;
  /** How many participants are only tentatively busy then (0 is best). */
  tentative: number;
}

/** Busy and out-of-office block a slot; tentative and unknown make it worse; free and working elsewhere do not count.
 * */
const BLOCKING: ReadonlySet<BusyStatus> = new Set(['busy', 'oof']);
const DOUBTFUL: ReadonlySet<BusyStatus> = new Set(['tentative', 'unknown']);

/**
 * Up to `max` times when every participant is free, inside working hours on working days in the window,
 * best first: no tentative conflicts before some, then the earliest. Proposals are spread over the days
 * (at most `perDay` a day while other days have room) and never overlap one another.
 */
export function findSlots(req: SlotRequest, calendars: readonly (readonly BusyBlock[])[]): Slot[] {
  const step = (req.stepMinutes ?? 30) * 60_000;
  const length = req.durationMinutes * 60_000;
  const max = req.max ?? 5;
  const perDay = req.perDay ?? 2;
  const candidates: (Slot & { day: string })[] = [];
  for (let day = req.from; day <= req.to; day = addDays(day, 1)) {
    if (!req.workingHours.days.includes(isoWeekday(day))) continue;
    const open = localToInstant(day, req.workingHours.start, req.timeZone).getTime();
    const close = localToInstant(day, req.workingHours.end, req.timeZone).getTime();
    for (let t = open; t + length <= close; t += step) {
      if (t < req.notBefore.getTime()) continue;
      const end = t + length;
      let blocked = false;
      const doubtful = new Set<number>();
      calendars.forEach((calendar, who) => {
        for (const b of calendar) {
          if (b.start.getTime() >= end || b.end.getTime() <= t) continue;
          if (BLOCKING.has(b.status)) blocked = true;
          else if (DOUBTFUL.has(b.status)) doubtful.add(who);
        }
      });
      if (!blocked) candidates.push({ start: new Date(t), end: new Date(end), tentative: doubtful.size, day });
    }
  }
  candidates.sort((a, b) => a.tentative - b.tentative || a.start.getTime() - b.start.getTime());
  const chosen: (Slot & { day: string })[] = [];
  const overlaps = (c: Slot) => chosen.some((x) => x.start < c.end && c.start < x.end);
  for (const spread of [true, false]) {
    for (const c of candidates) {
      if (chosen.length >= max) break;
      if (chosen.includes(c) || overlaps(c)) continue;
      if (spread && chosen.filter((x) => x.day === c.day).length >= perDay) continue;
      chosen.push(c);
    }
  }
  return chosen
    .sort((a, b) => a.tentative - b.tentative || a.start.getTime() - b.start.getTime())
    .map(({ start, end, tentative }) => ({ start, end, tentative }));
}
