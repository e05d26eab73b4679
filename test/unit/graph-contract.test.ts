import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@microsoft/microsoft-graph-client';
import { createCalendarGraph } from '../../src/graph/calendar.graph.js';
import { DOCUMENTED_NOT_GENERATED, GRAPH_OPERATIONS } from '../../src/graph/graph-operations.js';
import { GraphFailure } from '../../src/ports/channel-graph.port.js';
import { contractProblems } from '../support/graph-contract-check.mjs';
import { checkRequest, isGenerated, matchEndpoint } from '../support/graph-contract.js';
import { GraphStandIn } from '../support/graph-standin.js';

describe("the Graph contract, read from Microsoft's generated description", () => {
  it("takes each operation the app makes as one of Microsoft's, by its path", () => {
    expect(matchEndpoint('POST', '/v1.0/teams/t-1/channels')).toBe('POST /teams/{team-id}/channels');
    expect(matchEndpoint('DELETE', '/v1.0/teams/t-1/channels/19%3Aabc%40thread.tacv2/members/m-1')).toBe(
      'DELETE /teams/{team-id}/channels/{channel-id}/members/{conversationMember-id}',
    );
    expect(matchEndpoint('POST', '/v1.0/users/u-1/events/AAMk1/cancel')).toBe(
      'POST /users/{user-id}/events/{event-id}/cancel',
    );
    for (const op of Object.values(GRAPH_OPERATIONS)) {
      const [method, template] = op.endpoint.split(' ');
      expect(checkRequest(method, `/v1.0${template.replace(/\{[^}]+\}/g, 'x-1')}`)).toEqual({ endpoint: op.endpoint });
    }
  });

  it('refuses a path or a method Microsoft does not describe, and one the app does not declare', () => {
    expect(matchEndpoint('POST', '/v1.0/teams/t-1/channels/c-1/member')).toBeUndefined();
    expect(matchEndpoint('PUT', '/v1.0/users/u-1/events/e-1')).toBeUndefined();
    expect(checkRequest('DELETE', '/v1.0/teams/t-1/channels/c-1').problem).toContain('not in GRAPH_OPERATIONS');
  });

  it('still misses each operation we take from its page alone (remove the entry once the package has it)', () => {
    for (const endpoint of Object.keys(DOCUMENTED_NOT_GENERATED)) expect(isGenerated(endpoint)).toBe(false);
    expect(isGenerated('POST /teams/{team-id}/channels')).toBe(true);
  });

  it("refuses a body with a property the operation's type lacks, or a value outside its enum", () => {
    const problems = contractProblems([
      {
        method: 'POST',
        path: '/x',
        endpoint: 'POST /teams/{team-id}/channels',
        body: { displayName: 'A', membershipType: 'standard' },
      },
      {
        method: 'POST',
        path: '/x',
        endpoint: 'POST /teams/{team-id}/channels',
        body: { displayName: 'B', colour: 'red' },
      },
      {
        method: 'PATCH',
        path: '/x',
        endpoint: 'PATCH /users/{user-id}/events/{event-id}',
        body: { showAs: 'sometimes' },
      },
      {
        method: 'GET',
        path: '/v1.0/nowhere',
        problem: 'GET /v1.0/nowhere is not an operation of Microsoft Graph v1.0',
      },
    ]);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('nowhere');
    expect(problems.join('\n')).toMatch(/colour.* does not exist/);
    expect(problems.join('\n')).toContain('"sometimes"');
  }, 60_000);
});

describe("the Graph stand-in keeps the calendar pages' rules", () => {
  let graph: GraphStandIn;
  let calendar: ReturnType<typeof createCalendarGraph>;
  const at = (iso: string) => new Date(iso);
  const event = {
    subject: 'S',
    body: '<p>B</p>',
    start: at('2027-01-04T08:00Z'),
    end: at('2027-01-04T09:00Z'),
    attendees: [],
  };
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => (e instanceof GraphFailure ? e : undefined),
    );

  beforeAll(async () => {
    graph = await new GraphStandIn().start();
    calendar = createCalendarGraph(
      Client.init({
        baseUrl: `${graph.url.replace(/\/v1\.0$/, '')}/`,
        defaultVersion: 'v1.0',
        authProvider: (done) => done(null, 'x'),
      }),
    );
  });
  afterAll(() => graph.stop());

  it('getSchedule: at most 20 schedules, and a period under 62 days (outlook-get-free-busy-schedule)', async () => {
    const emails = Array.from({ length: 21 }, (_, i) => `p${i}@kommune.example`);
    expect(
      (await failure(calendar.getSchedule('u-1', emails, at('2027-01-04T08:00Z'), at('2027-01-05T08:00Z'))))?.status,
    ).toBe(400);
    expect(
      (await failure(calendar.getSchedule('u-1', ['a@x.dk'], at('2027-01-01T00:00Z'), at('2027-03-04T00:00Z'))))
        ?.status,
    ).toBe(400);
    const ok = await calendar.getSchedule('u-1', emails.slice(0, 20), at('2027-01-04T08:00Z'), at('2027-03-05T08:00Z'));
    expect(ok.size).toBe(20);
  });

  it('cancel: only the organizer (event-cancel); a repeated transactionId returns the first event (resources/event)', async () => {
    const first = await calendar.createEvent('u-1', event, 'txn-1');
    const again = await calendar.createEvent('u-1', { ...event, start: at('2027-01-05T08:00Z') }, 'txn-1');
    expect(again).toEqual(first);
    expect(first.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    const refused = await failure(calendar.cancelEvent('u-2', first.eventId, 'x'));
    expect(refused?.status).toBe(400);
    expect(refused?.message).toContain('need to be an organizer');
    await calendar.cancelEvent('u-1', first.eventId, 'x');
    expect(graph.events[0].cancelled).toBe(true);
  });

  it('update: a body without the meeting blob switches the meeting off for good (event-update)', async () => {
    const made = await calendar.createEvent('u-1', event, 'txn-2');
    const res = await fetch(`${graph.url}/users/u-1/events/${made.eventId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: { contentType: 'html', content: '<p>Ny dagsorden</p>' }, isOnlineMeeting: true }),
    });
    expect((await res.json()).onlineMeeting).toBeNull();
    const refused = await fetch(`${graph.url}/users/u-1/events/${made.eventId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ allowNewTimeProposals: true }),
    });
    expect(refused.status).toBe(400);
  });
});
