import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fixture } from '../support/activities.js';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** How many mutated activities to send (FUZZ_ACTIVITIES), and the seed that makes a run repeatable (FUZZ_SEED). */
const COUNT = Number(process.env.FUZZ_ACTIVITIES ?? 3_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

/** A small deterministic generator (mulberry32): the same seed sends the same activities. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RECORDED = readdirSync(path.resolve('test/fixtures/playground')).filter((f) => f.endsWith('.json'));

describe('a bounded fuzz run over recorded Teams activities', () => {
  let connector: ConnectorStandIn;
  let t: TestApp;

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    t = await startTestApp('pglite');
  });
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  it(`answers ${COUNT} mutated activities without a server error and keeps serving (seed ${SEED})`, async () => {
    const rnd = random(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const strange = (): unknown =>
      pick([
        () => null,
        () => Math.floor(rnd() * 2 ** 40) * (rnd() < 0.5 ? -1 : 1),
        () => rnd() < 0.5,
        () => [],
        () => ({}),
        () => 'x'.repeat(Math.floor(rnd() * 5_000)),
        () => '\u202e\ud83d\ude00<at>x</at><script>',
        () => String(rnd()),
        () => ({
          verb: pick(['dialogue.view', 'cluster.join', 'propose.submit', 'mission.decide', 'nope']),
          dialogueId: 'not-a-uuid',
          formId: String(rnd()),
        }),
        () => [[[[[{}]]]]],
        () => '2026-13-45T99:99:99Z',
      ])();
    const mutate = (node: any, depth: number): any => {
      if (depth > 6 || node === null || typeof node !== 'object') return rnd() < 0.1 ? strange() : node;
      const copy: any = Array.isArray(node) ? [...node] : { ...node };
      for (const key of Object.keys(copy)) {
        const roll = rnd();
        if (roll < 0.06) delete copy[key];
        else if (roll < 0.14) copy[key] = strange();
        else copy[key] = mutate(copy[key], depth + 1);
      }
      if (!Array.isArray(copy) && rnd() < 0.05)
        copy[pick(['value', 'locale', 'name', 'text', 'channelData', 'replyToId'])] = strange();
      return copy;
    };
    const statuses = new Map<number, number>();
    const serverErrors: string[] = [];
    for (let i = 0; i < COUNT; i += 8) {
      const batch = Array.from({ length: Math.min(8, COUNT - i) }, () => {
        const name = pick(RECORDED);
        const activity = mutate(fixture(name), 0);
        // Replies go only to the local stand-in, whatever the mutation did.
        if (activity && typeof activity === 'object') activity.serviceUrl = connector.url;
        return { name, activity };
      });
      const answers = await Promise.all(batch.map(({ activity }) => t.post(activity)));
      answers.forEach((a, j) => {
        statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        const activity = batch[j].activity;
        // botbuilder answers an invoke it has no handler for (another name, or a Teams invoke from another
        // channel) with 501 Not Implemented, the Bot Framework's answer for it: not a failure of the app.
        const unhandledInvoke = a.status === 501 && activity?.type === 'invoke';
        if (a.status >= 500 && !unhandledInvoke)
          serverErrors.push(
            `${a.status} for a mutated ${batch[j].name}: ${JSON.stringify(batch[j].activity).slice(0, 300)}`,
          );
      });
    }
    expect(serverErrors).toEqual([]);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    // Most mutations still make sense to the bot: the run reaches the turn, not only the door.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(COUNT / 4);
    process.stdout.write(`fuzz seed ${SEED}: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}\n`);
  }, 300_000);
});
