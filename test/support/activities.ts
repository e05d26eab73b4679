import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

const FIXTURES = path.resolve(process.cwd(), '../shared/fixtures/playground');
const LOCAL_FIXTURES = path.resolve(process.cwd(), 'test/fixtures/playground');

/** Recorded Agents Playground payloads (copied into test/fixtures so a clone is self-contained). */
export function fixture(name: string): any {
  for (const dir of [LOCAL_FIXTURES, FIXTURES]) {
    try {
      return JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
    } catch {
      /* try the next folder */
    }
  }
  throw new Error(`fixture ${name} not found`);
}

export interface TestUser {
  id: string;
  aadObjectId: string;
  name: string;
  conversationId: string;
}

/** The Playground's mock users, as the demo organisation knows them. */
export const USERS = {
  henrik: user('henrik-mortensen', 'Henrik Mortensen', '10'),
  mette: user('mette-jensen', 'Mette Jensen', '11'),
  lars: user('lars-nielsen', 'Lars Nielsen', '12'),
  anne: user('anne-soerensen', 'Anne Sørensen', '13'),
  peter: user('peter-hansen', 'Peter Hansen', '14'),
  sofie: user('sofie-larsen', 'Sofie Larsen', '15'),
};

function user(slug: string, name: string, n: string): TestUser {
  return {
    id: `29:1${slug}`,
    aadObjectId: `a1b2c3d4-0000-4000-8000-0000000000${n}`,
    name,
    conversationId: `a:1dus-personal-${slug}`,
  };
}

/** Re-addresses a recorded activity to another user, conversation and connector. */
function retarget(a: any, u: TestUser, serviceUrl: string, locale?: string): any {
  a.id = randomUUID();
  a.serviceUrl = serviceUrl;
  a.from = { ...a.from, id: u.id, aadObjectId: u.aadObjectId, ...(a.from?.name ? { name: u.name } : {}) };
  a.conversation = { ...a.conversation, id: u.conversationId };
  if (locale) a.locale = locale;
  return a;
}

export function message(u: TestUser, text: string, serviceUrl: string, locale?: string): any {
  const a = retarget(fixture('personal-message.json'), u, serviceUrl, locale);
  a.text = text;
  return a;
}

export function install(u: TestUser, serviceUrl: string, locale?: string): any {
  return retarget(fixture('installation-update-add-personal.json'), u, serviceUrl, locale);
}

export function membersAdded(u: TestUser, serviceUrl: string): any {
  const a = retarget(fixture('conversation-update-members-added-personal.json'), u, serviceUrl);
  a.membersAdded = [{ id: u.id, aadObjectId: u.aadObjectId }, a.recipient];
  return a;
}

export function execute(
  u: TestUser,
  verb: string,
  data: Record<string, unknown>,
  serviceUrl: string,
  locale?: string,
): any {
  const a = retarget(fixture('invoke-adaptive-card-action.json'), u, serviceUrl, locale);
  a.value = { action: { type: 'Action.Execute', title: verb, verb, data } };
  return a;
}

/** A recorded activity in a shared conversation, sent by `u` in Danish: the conversation is the recording's. */
function sharedFrom(name: string, u: TestUser, serviceUrl: string, extra: Record<string, unknown>): any {
  return {
    ...fixture(name),
    id: randomUUID(),
    serviceUrl,
    locale: 'da-DK',
    from: { id: u.id, name: u.name, aadObjectId: u.aadObjectId },
    ...extra,
  };
}

const mention = (text: string) => ({ text: `<at>DUS Missionsassistent</at> ${text}` });
const pressed = (verb: string, data: Record<string, unknown>) => ({
  value: { action: { type: 'Action.Execute', title: verb, verb, data } },
});

/** A participant writing to the bot in a group chat (only @mentions reach a bot there). */
export const groupMessage = (u: TestUser, text: string, serviceUrl: string): any =>
  sharedFrom('group-chat-message-mention.json', u, serviceUrl, mention(text));

/** A message to the bot in a channel (only @mentions reach a bot there). */
export const channelMessage = (u: TestUser, text: string, serviceUrl: string): any =>
  sharedFrom('channel-message-new-post.json', u, serviceUrl, mention(text));

export const groupExecute = (u: TestUser, verb: string, data: Record<string, unknown>, serviceUrl: string): any =>
  sharedFrom('invoke-adaptive-card-action-group-chat.json', u, serviceUrl, pressed(verb, data));

/**
 * An older card's Action.Submit pressed on a post in a channel (`replyToId`: the post's id, which Teams sends;
 * leave it out for a post the bot cannot update).
 */
export const channelSubmit = (
  u: TestUser,
  value: Record<string, unknown>,
  serviceUrl: string,
  replyToId?: string,
): any => sharedFrom('message-card-action-submit-channel.json', u, serviceUrl, { value, replyToId });

/** An older card's Action.Submit pressed in the personal chat, on the card `replyToId`. */
export function personalSubmit(
  u: TestUser,
  value: Record<string, unknown>,
  serviceUrl: string,
  replyToId: string,
): any {
  const a = retarget(fixture('message-card-action-submit.json'), u, serviceUrl, 'da-DK');
  return { ...a, id: randomUUID(), value, replyToId };
}

/** The Playground's team: the app is installed in it and cluster channels are made there. */
export const TEAM = {
  aadGroupId: '9d3f5a2b-1c4e-4b6a-8f7d-2e1a0b9c8d7e',
  threadId: '19:dus-missionsklynger-general@thread.tacv2',
};

/** The app being installed in the cluster team (recorded from the Playground). */
export function teamInstall(serviceUrl: string, teamId = TEAM.aadGroupId): any {
  const a = fixture('mock-team-install-application.json');
  a.id = randomUUID();
  a.serviceUrl = serviceUrl;
  a.channelData.team.aadGroupId = teamId;
  return a;
}

/** A user pressing an Action.Execute button (or Teams refreshing a card) on a post in a channel. */
export function channelExecute(
  u: TestUser,
  verb: string,
  data: Record<string, unknown>,
  channelId: string,
  serviceUrl: string,
  locale = 'da-DK',
): any {
  const a = fixture('invoke-adaptive-card-action-channel.json');
  a.id = randomUUID();
  a.locale = locale;
  a.serviceUrl = serviceUrl;
  a.from = { id: u.id, name: u.name, aadObjectId: u.aadObjectId };
  a.conversation = { ...a.conversation, id: `${channelId};messageid=1795323256832` };
  a.channelData.channel = { id: channelId };
  a.value = { action: { type: 'Action.Execute', title: verb, verb, data } };
  return a;
}

/**
 * Teams telling the bot that people left (or joined) the team, or one of its channels, in Teams itself
 * (recorded team roster events; a channel's event names the channel).
 */
export function rosterEvent(
  kind: 'added' | 'removed',
  people: TestUser[],
  serviceUrl: string,
  channelId?: string,
  teamId = TEAM.aadGroupId,
): any {
  const a = fixture(kind === 'added' ? 'mock-team-add-user.json' : 'mock-team-remove-user.json');
  a.id = randomUUID();
  a.serviceUrl = serviceUrl;
  a.channelData.team.aadGroupId = teamId;
  const list = people.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId }));
  if (kind === 'added') a.membersAdded = list;
  else a.membersRemoved = list;
  if (channelId) {
    a.conversation = { ...a.conversation, id: channelId };
    a.channelData.channel = { id: channelId };
    a.channelData.eventType = kind === 'added' ? 'channelMemberAdded' : 'channelMemberRemoved';
  }
  return a;
}

/** The app (its bot) being added to one channel of the team: a shared channel, where it is not until added. */
export function botAddedToChannel(channelId: string, serviceUrl: string, teamId = TEAM.aadGroupId): any {
  const a = fixture('mock-team-add-user.json');
  a.id = randomUUID();
  a.serviceUrl = serviceUrl;
  a.channelData.team.aadGroupId = teamId;
  a.membersAdded = [{ id: a.recipient.id }];
  a.conversation = { ...a.conversation, id: channelId };
  a.channelData.channel = { id: channelId };
  a.channelData.eventType = 'channelMemberAdded';
  return a;
}
