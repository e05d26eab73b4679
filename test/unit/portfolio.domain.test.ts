import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { FrameworkSchema } from '../../src/domain/framework.js';
import {
  addDays,
  canEditPortfolio,
  canLeadReview,
  canMoveStage,
  isOpen,
  localDate,
  nextStages,
  stageAfterDecision,
  STAGES,
  validateInitiativeInput,
  validateLearningInput,
  validateReviewClose,
  validateReviewDecision,
} from '../../src/domain/portfolio.js';

const framework = FrameworkSchema.parse(JSON.parse(readFileSync('config/frameworks/skanderborg.json', 'utf8')));
const TODAY = '2026-11-22';
const valid = {
  kind: 'trialAction',
  title: 'Fritidsjob via foreninger',
  hypothesis: 'Flere unge får et fritidsjob, når foreningerne formidler dem.',
  problems: 'labour,wellbeing',
  owner: 'anne',
  units: 'u1,u2',
  startsOn: '',
  nextReviewOn: '2027-02-01',
};

describe('initiative stages', () => {
  it('runs idea → running → evaluating, and only a review settles it as scaled, continued or stopped', () => {
    expect(canMoveStage('idea', 'running')).toBe(true);
    expect(canMoveStage('running', 'evaluating')).toBe(true);
    expect(canMoveStage('evaluating', 'running')).toBe(true);
    expect(nextStages('evaluating')).toEqual(['running', 'scaled', 'continued', 'stopped']);
    expect(canMoveStage('idea', 'evaluating')).toBe(false);
    expect(canMoveStage('idea', 'scaled')).toBe(false);
    expect(canMoveStage('running', 'idea')).toBe(false);
  });
  it('never moves a settled initiative again', () => {
    for (const from of ['scaled', 'continued', 'stopped'] as const) {
      expect(isOpen(from)).toBe(false);
      for (const to of STAGES) expect(canMoveStage(from, to)).toBe(false);
    }
  });
});

describe('review decisions', () => {
  it('continue keeps an idea or a running trial, and settles an evaluated one as continued', () => {
    expect(stageAfterDecision('idea', 'continue')).toBe('idea');
    expect(stageAfterDecision('running', 'continue')).toBe('running');
    expect(stageAfterDecision('evaluating', 'continue')).toBe('continued');
  });
  it('adjust sends it back to running; scale and stop end it', () => {
    expect(stageAfterDecision('evaluating', 'adjust')).toBe('running');
    expect(stageAfterDecision('idea', 'adjust')).toBe('running');
    expect(stageAfterDecision('running', 'scale')).toBe('scaled');
    expect(stageAfterDecision('idea', 'stop')).toBe('stopped');
  });
  it('leaves a settled initiative as it is', () => {
    expect(stageAfterDecision('stopped', 'scale')).toBe('stopped');
    expect(stageAfterDecision('scaled', 'adjust')).toBe('scaled');
  });
  it('requires a learning to stop an initiative that has none yet', () => {
    const stop = { relevant: 'no', canCope: 'yes', decision: 'stop', rationale: 'Bidrager ikke til missionen.' };
    expect(validateReviewDecision(stop, { learningCount: 0 })).toEqual({
      ok: false,
      errors: { learning: 'learningRequired' },
    });
    expect(validateReviewDecision({ ...stop, learning: 'kort' }, { learningCount: 0 })).toEqual({
      ok: false,
      errors: { learning: 'tooShort' },
    });
    expect(
      validateReviewDecision(
        { ...stop, learning: 'Foreningerne havde ikke tid til at formidle.' },
        { learningCount: 0 },
      ).ok,
    ).toBe(true);
    expect(validateReviewDecision(stop, { learningCount: 2 }).ok).toBe(true);
    expect(validateReviewDecision({ ...stop, decision: 'continue' }, { learningCount: 0 }).ok).toBe(true);
  });
  it('names every missing or wrong field of a decision', () => {
    expect(
      validateReviewDecision({ relevant: 'maybe', decision: 'pause', rationale: 'ok' }, { learningCount: 1 }),
    ).toEqual({
      ok: false,
      errors: { relevant: 'unknownChoice', canCope: 'required', decision: 'unknownChoice', rationale: 'tooShort' },
    });
    expect(validateReviewClose({})).toEqual({ ok: false, errors: { roomForNew: 'required' } });
    expect(validateReviewClose({ roomForNew: 'no', note: '  ' })).toEqual({
      ok: true,
      value: { roomForNew: 'no', note: undefined },
    });
  });
});

describe('who may change a portfolio', () => {
  it('lets members and admins edit, and only the coordinator or an admin lead a review', () => {
    const cluster = { memberIds: ['anne', 'lars'], coordinatorId: 'anne' };
    expect(canEditPortfolio(['employee'], 'lars', cluster)).toBe(true);
    expect(canEditPortfolio(['groupManagement', 'director'], 'henrik', cluster)).toBe(false);
    expect(canEditPortfolio(['admin'], 'peter', cluster)).toBe(true);
    expect(canLeadReview(['employee'], 'anne', cluster)).toBe(true);
    expect(canLeadReview(['employee'], 'lars', cluster)).toBe(false);
    expect(canLeadReview(['admin'], 'peter', cluster)).toBe(true);
  });
});

describe('initiative and learning input', () => {
  it('accepts a complete initiative and trims what was typed', () => {
    const r = validateInitiativeInput(framework, TODAY, { ...valid, title: '  Fritidsjob via foreninger  ' });
    expect(r).toEqual({
      ok: true,
      value: {
        ...valid,
        title: 'Fritidsjob via foreninger',
        problems: ['labour', 'wellbeing'],
        units: ['u1', 'u2'],
        startsOn: undefined,
      },
    });
  });
  it('refuses a review date in the past, an impossible date and unknown choices', () => {
    const r = validateInitiativeInput(framework, TODAY, {
      ...valid,
      kind: 'project',
      problems: 'labour,moon',
      nextReviewOn: '2026-11-21',
      startsOn: '2026-02-30',
    });
    expect(r).toEqual({
      ok: false,
      errors: { kind: 'unknownChoice', problems: 'unknownChoice', nextReviewOn: 'dateInPast', startsOn: 'invalidDate' },
    });
    expect(validateInitiativeInput(framework, TODAY, { ...valid, nextReviewOn: TODAY }).ok).toBe(true);
    expect(validateInitiativeInput(framework, TODAY, { ...valid, problems: '' })).toEqual({
      ok: false,
      errors: { problems: 'chooseAtLeastOne' },
    });
  });
  it('needs what was tried and what happened; advice is optional', () => {
    expect(validateLearningInput({ tried: 'Fritidsjob', happened: '' })).toEqual({
      ok: false,
      errors: { happened: 'required' },
    });
    expect(validateLearningInput({ tried: 'Fritidsjob', happened: '14 unge fik job', advice: '' })).toEqual({
      ok: true,
      value: { tried: 'Fritidsjob', happened: '14 unge fik job', advice: undefined },
    });
  });
});

describe("dates in the organisation's time zone", () => {
  it('uses the Copenhagen calendar date, not UTC', () => {
    expect(localDate(new Date('2026-11-22T23:30:00Z'), 'Europe/Copenhagen')).toBe('2026-11-23');
    expect(localDate(new Date('2026-06-30T21:59:00Z'), 'Europe/Copenhagen')).toBe('2026-06-30');
    expect(localDate(new Date('2026-06-30T22:00:00Z'), 'Europe/Copenhagen')).toBe('2026-07-01');
  });
  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-25', 10)).toBe('2027-01-04');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});
