import { describe, expect, it } from '@jest/globals';
import type { CardAction } from '../../src/conversation/actions.js';
import { dispatch, type VerbHandlers } from '../../src/conversation/verb-handlers.js';

type Sample = Extract<CardAction, { verb: 'help' | 'settings.locale' }>;

describe('card verbs are dispatched through a typed map (src/conversation/verb-handlers.ts)', () => {
  it("calls the handler of the action's verb with the action narrowed to it", async () => {
    const handlers: VerbHandlers<Sample, { who: string }, string> = {
      help: async (_action, turn) => `help for ${turn.who}`,
      'settings.locale': async (action, turn) => `${turn.who} now reads ${action.locale}`,
    };
    expect(await dispatch(handlers, { verb: 'settings.locale', locale: 'en' }, { who: 'Mette' })).toBe(
      'Mette now reads en',
    );
    expect(await dispatch(handlers, { verb: 'help' }, { who: 'Mette' })).toBe('help for Mette');
  });

  it('makes a verb without a handler a type error (tsc and ts-jest check this file)', () => {
    // @ts-expect-error 'settings.locale' has no handler: the map's type names every verb.
    const incomplete: VerbHandlers<Sample, null, string> = { help: async () => 'help' };
    expect(Object.keys(incomplete)).toEqual(['help']);
  });
});
