import { describe, expect, it } from '@jest/globals';
import {
  CHANNEL_NAME_MAX,
  canFormCluster,
  canManageCluster,
  channelBaseName,
  channelNameCandidate,
  firstReviewDate,
  planMembership,
  validateClusterInput,
  validateExternalInput,
} from '../../src/domain/cluster.js';
import { classifyGraphFailure } from '../../src/domain/retry.js';
import { invalidChannelName } from '../support/graph-standin.js';

describe('who may form and manage a cluster', () => {
  const active = { proposerId: 'anne', status: 'active' as const };
  it('lets the group management, admins and the proposer form clusters around an active mission', () => {
    expect(canFormCluster(['groupManagement'], 'henrik', active)).toBe(true);
    expect(canFormCluster(['admin'], 'peter', active)).toBe(true);
    expect(canFormCluster(['employee'], 'anne', active)).toBe(true);
    expect(canFormCluster(['employee', 'contractHolder', 'departmentHead', 'director'], 'sofie', active)).toBe(false);
  });
  it('refuses everyone while the mission is not active', () => {
    for (const status of ['proposed', 'concretising', 'concluded', 'declined'] as const) {
      expect(canFormCluster(['groupManagement'], 'henrik', { proposerId: 'henrik', status })).toBe(false);
    }
  });
  it('lets the coordinator and admins manage members, nobody else', () => {
    expect(canManageCluster(['employee'], 'anne', { coordinatorId: 'anne' })).toBe(true);
    expect(canManageCluster(['admin'], 'peter', { coordinatorId: 'anne' })).toBe(true);
    expect(canManageCluster(['groupManagement'], 'henrik', { coordinatorId: 'anne' })).toBe(false);
  });
});

describe('cluster input', () => {
  it('accepts a trimmed name and purpose, and checks lengths', () => {
    const ok = validateClusterInput({
      name: '  Unge   i job ',
      purpose: 'Skoler og jobcenter sammen.',
      coordinator: 'anne',
    });
    expect(ok).toEqual({
      ok: true,
      value: { name: 'Unge i job', purpose: 'Skoler og jobcenter sammen.', coordinator: 'anne' },
    });
    expect(validateClusterInput({ name: 'ab', purpose: '', coordinator: 'anne' })).toEqual({
      ok: false,
      errors: { name: 'tooShort', purpose: 'required' },
    });
    expect(validateClusterInput({ name: 'x'.repeat(81), purpose: 'y'.repeat(1001), coordinator: 'anne' })).toEqual({
      ok: false,
      errors: { name: 'tooLong', purpose: 'tooLong' },
    });
  });
  it('requires a name and organisation for an external actor, and a valid email if one is given', () => {
    expect(validateExternalInput({ externalName: 'Jens', organisation: 'Erhvervsforeningen', email: '' })).toEqual({
      ok: true,
      value: { externalName: 'Jens', organisation: 'Erhvervsforeningen' },
    });
    expect(validateExternalInput({ externalName: '', organisation: 'E', email: 'nej' })).toEqual({
      ok: false,
      errors: { externalName: 'required', organisation: 'tooShort', email: 'invalidEmail' },
    });
  });
});

describe('channel names', () => {
  it('removes what Teams forbids and keeps at most 50 characters', () => {
    expect(channelBaseName('Unge: #job & "trivsel"?')).toBe('Unge job trivsel');
    expect(channelBaseName('   ...  ')).toBe('Missionsklynge');
    const long = channelBaseName('Et meget langt klyngenavn der bliver ved og ved og ved og ved');
    expect(long.length).toBeLessThanOrEqual(CHANNEL_NAME_MAX);
    expect(long.endsWith(' ')).toBe(false);
  });
  it("makes every name one Teams takes, by the stand-in's reading of the limits page, and keeps Danish letters", () => {
    const forbidden = [
      '~',
      '#',
      '%',
      '&',
      '*',
      '{',
      '}',
      '+',
      '/',
      '\\',
      ':',
      '<',
      '>',
      '?',
      '|',
      "'",
      '"',
      ',',
      '..',
      '\u0001',
      '\u0085',
    ];
    for (const ch of forbidden) {
      for (const name of [`Trivsel${ch}unge`, `${ch}Trivsel`, `Trivsel${ch}`, `_${ch}.`, ch.repeat(60)]) {
        expect([name, invalidChannelName(channelBaseName(name))]).toEqual([name, undefined]);
        for (const n of [2, 17]) expect(invalidChannelName(channelNameCandidate(name, n))).toBeUndefined();
      }
    }
    for (const name of [
      '_Ærø',
      '.skjult',
      'Slut.',
      'CON',
      'Nye forms',
      'com1 og lpt9',
      'desktop.ini',
      'ø'.repeat(80),
    ]) {
      expect([name, invalidChannelName(channelBaseName(name))]).toEqual([name, undefined]);
    }
    expect(channelBaseName('Ældre, børn & unge på Åbo')).toBe('Ældre børn unge på Åbo');
  });
  it('numbers further candidates and still keeps within 50 characters', () => {
    expect(channelNameCandidate('Trivsel', 1)).toBe('Trivsel');
    expect(channelNameCandidate('Trivsel', 2)).toBe('Trivsel (2)');
    const c = channelNameCandidate('x'.repeat(80), 12);
    expect(c).toHaveLength(CHANNEL_NAME_MAX);
    expect(c.endsWith(' (12)')).toBe(true);
  });
});

describe('reconciling channel members with the cluster', () => {
  const m = (userId: string, isOwner = false) => ({ membershipId: `m-${userId}`, userId, isOwner });
  it('adds the missing (the coordinator as owner), removes the rest', () => {
    const plan = planMembership([m('anne', true), m('lars')], ['anne', 'sofie', 'henrik'], 'anne');
    expect(plan.add).toEqual([
      { userId: 'sofie', owner: false },
      { userId: 'henrik', owner: false },
    ]);
    expect(plan.remove).toEqual([m('lars')]);
    expect(plan.promote).toEqual([]);
  });
  it('promotes a new coordinator who is already in the channel', () => {
    expect(planMembership([m('anne', true), m('sofie')], ['anne', 'sofie'], 'sofie').promote).toEqual([m('sofie')]);
  });
  it('changes nothing when the channel already matches', () => {
    expect(planMembership([m('anne', true), m('lars')], ['lars', 'anne'], 'anne')).toEqual({
      add: [],
      remove: [],
      promote: [],
    });
  });
});

describe('Graph failures', () => {
  const now = Date.parse('2026-11-22T10:00:00Z');
  it('waits as long as Retry-After says on 429 and 503', () => {
    expect(classifyGraphFailure(429, '7', 1, now, 'x')).toEqual({ kind: 'retry', delayMs: 7000, reason: 'x' });
    expect(classifyGraphFailure(503, 'Sun, 22 Nov 2026 10:00:30 GMT', 1, now, 'x')).toEqual({
      kind: 'retry',
      delayMs: 30_000,
      reason: 'x',
    });
  });
  it('backs off on timeouts and never gives up on refusals that an admin can fix', () => {
    expect(classifyGraphFailure(undefined, null, 3, now, 'timeout')).toEqual({
      kind: 'retry',
      delayMs: 8000,
      reason: 'timeout',
    });
    expect(classifyGraphFailure(403, null, 1, now, 'forbidden')).toEqual({
      kind: 'needsAdmin',
      delayMs: 60_000,
      reason: 'forbidden',
    });
    expect(classifyGraphFailure(403, null, 20, now, 'forbidden').kind).toBe('needsAdmin');
    expect(classifyGraphFailure(404, null, 1, now, 'gone')).toEqual({ kind: 'gone' });
  });
});

describe('the first portfolio review', () => {
  it('falls the cadence after the day the cluster is formed, as the day is in Copenhagen', () => {
    expect(firstReviewDate(new Date('2026-11-22T12:00:00Z'), 90, 'Europe/Copenhagen')).toBe('2027-02-20');
    expect(firstReviewDate(new Date('2026-11-22T23:30:00Z'), 90, 'Europe/Copenhagen')).toBe('2027-02-21');
  });
});
