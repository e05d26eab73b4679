import { describe, expect, it } from '@jest/globals';
import { validateDigestPeriod } from '../../src/domain/overview.js';
import { canPlanFor, canSeeDialogue, validateManualTime, validatePlanRequest } from '../../src/domain/dialogue.js';

const TODAY = '2026-11-23';
const people = { contractHolderId: 'lars', departmentHeadId: 'henrik', directorId: 'mette' };

describe('who sees and plans a dialogue', () => {
  it('shows a dialogue to its three participants and admins only', () => {
    for (const id of ['lars', 'henrik', 'mette'])
      expect(canSeeDialogue({ id, roles: ['employee'] }, people)).toBe(true);
    expect(canSeeDialogue({ id: 'anne', roles: ['groupManagement', 'director', 'departmentHead'] }, people)).toBe(
      false,
    );
    expect(canSeeDialogue({ id: 'peter', roles: ['admin'] }, people)).toBe(true);
  });
  it("lets the unit's department head (from the organisation import) plan, not one who only has the role", () => {
    expect(canPlanFor({ id: 'henrik', roles: ['employee'] }, { departmentHeadId: 'henrik' })).toBe(true);
    expect(canPlanFor({ id: 'anne', roles: ['departmentHead'] }, { departmentHeadId: 'henrik' })).toBe(false);
  });
});

describe('the planning form', () => {
  const units = ['skole-syd'];
  it("accepts one of the fagchef's units, a window from today, a duration on offer", () => {
    expect(
      validatePlanRequest({ unitId: 'skole-syd', from: TODAY, to: '2026-12-04', duration: '45' }, TODAY, units),
    ).toEqual({
      ok: true,
      value: { unitId: 'skole-syd', from: TODAY, to: '2026-12-04', duration: 45 },
    });
  });
  it('names what is wrong: another unit, a past start, an end before the start, a window over six weeks, an odd duration', () => {
    expect(
      validatePlanRequest({ unitId: 'hr', from: '2026-11-20', to: '2026-11-21', duration: '50' }, TODAY, units),
    ).toEqual({
      ok: false,
      errors: { unitId: 'unknownChoice', from: 'dateInPast', duration: 'unknownChoice' },
    });
    expect(
      validatePlanRequest({ unitId: 'skole-syd', from: '2026-12-01', to: '2026-11-30', duration: '60' }, TODAY, units),
    ).toEqual({ ok: false, errors: { to: 'endBeforeStart' } });
    // An impossible date is named, never thrown: month 13 is not a date JavaScript can print.
    expect(
      validatePlanRequest({ unitId: 'skole-syd', from: '2026-13-45', to: '2026-02-30', duration: '60' }, TODAY, units),
    ).toEqual({ ok: false, errors: { from: 'invalidDate', to: 'invalidDate' } });
    expect(validateDigestPeriod('2026-13-01', '2026-12-01', TODAY)).toEqual({ ok: false, error: 'invalidDate' });
    expect(
      validatePlanRequest({ unitId: 'skole-syd', from: '2026-12-01', to: '2027-01-12', duration: '60' }, TODAY, units),
    ).toEqual({ ok: false, errors: { to: 'windowTooLong' } });
    expect(
      validatePlanRequest({ unitId: 'skole-syd', from: '2026-12-01', to: '2027-01-11', duration: '60' }, TODAY, units)
        .ok,
    ).toBe(true);
  });
  it('takes a hand-typed time inside working hours, in Copenhagen time', () => {
    const o = {
      today: TODAY,
      now: new Date('2026-11-23T10:00:00Z'),
      timeZone: 'Europe/Copenhagen',
      workStart: '08:00',
      workEnd: '16:00',
      duration: 60,
    };
    const r = validateManualTime({ date: '2026-12-01', time: '09:30' }, o);
    expect(r).toEqual({
      ok: true,
      value: { start: new Date('2026-12-01T08:30:00Z'), end: new Date('2026-12-01T09:30:00Z') },
    });
    expect(validateManualTime({ date: '2026-12-01', time: '15:30' }, o)).toEqual({
      ok: false,
      errors: { time: 'outsideHours' },
    });
    expect(validateManualTime({ date: '2026-12-01', time: '07:59' }, o)).toEqual({
      ok: false,
      errors: { time: 'outsideHours' },
    });
    // As people type a time: read when it can be, refused (never guessed) when it cannot.
    for (const typed of ['9.30', 'kl. 9.30', 'Kl 9:30', '09:30'])
      expect(validateManualTime({ date: '2026-12-01', time: typed }, o)).toEqual(r);
    expect(validateManualTime({ date: '2026-12-01', time: 'kl. 10' }, o)).toEqual({
      ok: true,
      value: { start: new Date('2026-12-01T09:00:00Z'), end: new Date('2026-12-01T10:00:00Z') },
    });
    for (const typed of ['kl. ti', '25', '10.75', '10:3', 'i morgen', '1030']) {
      expect(validateManualTime({ date: '2026-12-01', time: typed }, o)).toEqual({
        ok: false,
        errors: { time: 'invalidTime' },
      });
    }
    expect(validateManualTime({ date: '2026-11-22', time: '10:00' }, o)).toEqual({
      ok: false,
      errors: { date: 'dateInPast' },
    });
    expect(validateManualTime({ date: TODAY, time: '10:30' }, o)).toEqual({
      ok: false,
      errors: { time: 'timeInPast' },
    });
    expect(validateManualTime({ date: TODAY, time: '11:30' }, o).ok).toBe(true);
  });
});
