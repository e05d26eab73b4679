import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { FrameworkSchema } from '../../src/domain/framework.js';
import { canTransition, splitChoices, validateDecisionReason, validateMissionInput } from '../../src/domain/mission.js';
import { canDecideMissions } from '../../src/domain/roles.js';

const framework = FrameworkSchema.parse(JSON.parse(readFileSync('config/frameworks/skanderborg.json', 'utf8')));
const valid = {
  title: 'Lektiecafé på biblioteket',
  ambition: 'Flere børn får hjælp til lektierne tæt på, hvor de bor.',
  obstacles: 'Biblioteket og skolerne planlægger hver for sig.',
  focus: 'citizens',
  track: 'welfare',
  problems: 'inequality,wellbeing',
};

describe('proposing a mission: validation', () => {
  it('accepts a complete proposal and splits the comma-joined problems Teams sends', () => {
    const r = validateMissionInput(framework, valid);
    expect(r).toEqual({ ok: true, value: { ...valid, problems: ['inequality', 'wellbeing'] } });
  });

  it('trims text and reports each missing or bad field with its own code', () => {
    const r = validateMissionInput(framework, {
      title: '  ab  ',
      ambition: 'x'.repeat(2001),
      focus: 'pets',
      track: 'moon',
      problems: '',
    });
    expect(r).toEqual({
      ok: false,
      errors: {
        title: 'tooShort',
        ambition: 'tooLong',
        obstacles: 'required',
        focus: 'unknownChoice',
        track: 'unknownChoice',
        problems: 'chooseAtLeastOne',
      },
    });
  });

  it('refuses a problem the framework does not have', () => {
    expect(validateMissionInput(framework, { ...valid, problems: 'climate,unicorns' })).toEqual({
      ok: false,
      errors: { problems: 'unknownChoice' },
    });
  });

  it('reads another municipality framework without a code change', () => {
    const slagelse = FrameworkSchema.parse(JSON.parse(readFileSync('config/frameworks/slagelse-example.json', 'utf8')));
    expect(validateMissionInput(slagelse, { ...valid, track: 'network', problems: 'economy' }).ok).toBe(true);
    expect(validateMissionInput(slagelse, valid).ok).toBe(false);
  });

  it('refuses a framework with duplicate ids', () => {
    const bad = {
      organisation: 'X',
      tracks: [
        { id: 'a', label: { da: 'A', en: 'A' } },
        { id: 'a', label: { da: 'B', en: 'B' } },
      ],
      problems: [{ id: 'p', label: { da: 'P', en: 'P' } }],
    };
    expect(FrameworkSchema.safeParse(bad).success).toBe(false);
  });

  it('de-duplicates and trims multi-select values', () => {
    expect(splitChoices(' climate, labour,climate ,')).toEqual(['climate', 'labour']);
    expect(splitChoices(undefined)).toEqual([]);
  });
});

describe('deciding on a mission', () => {
  it('moves a proposal forward or declines it, and never back', () => {
    expect(canTransition('proposed', 'concretising')).toBe(true);
    expect(canTransition('proposed', 'active')).toBe(true);
    expect(canTransition('concretising', 'active')).toBe(true);
    expect(canTransition('declined', 'active')).toBe(false);
    expect(canTransition('active', 'proposed')).toBe(false);
    expect(canTransition('concretising', 'concretising')).toBe(false);
  });

  it('needs a reason to decline, and a readable one for any decision', () => {
    expect(validateDecisionReason('declined', '   ')).toBe('required');
    expect(validateDecisionReason('declined', 'nej')).toBe('tooShort');
    expect(validateDecisionReason('declined', 'Overlapper med en anden mission')).toBeUndefined();
    expect(validateDecisionReason('active', undefined)).toBeUndefined();
    expect(validateDecisionReason('active', 'x'.repeat(1001))).toBe('tooLong');
  });

  it('lets only the group management and admins decide', () => {
    expect(canDecideMissions(['employee', 'groupManagement'])).toBe(true);
    expect(canDecideMissions(['admin'])).toBe(true);
    expect(canDecideMissions(['employee', 'director', 'departmentHead'])).toBe(false);
  });
});
