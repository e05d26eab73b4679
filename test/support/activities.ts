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
  return { id: `29:1${slug}`, aadObjectId: `a1b2c3d4-0000-4000-8000-0000000000${n}`, name, conversationId: `a:1dus-personal-${slug}` };
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

export function execute(u: TestUser, verb: string, data: Record<string, unknown>, serviceUrl: string, locale?: string): any {
  const a = retarget(fixture('invoke-adaptive-card-action.json'), u, serviceUrl, locale);
  a.value = { action: { type: 'Action.Execute', title: verb, verb, data } };
  return a;
}
