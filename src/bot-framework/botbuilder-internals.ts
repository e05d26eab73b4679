/**
 * Every place the app reaches past botbuilder's public API (botbuilder 4.23.3, pinned in package.json), in
 * one file. Each reach has a contract test in test/unit/botbuilder-internals.test.ts that runs against the
 * installed botbuilder and fails when it changes beneath us; each says here when it could be dropped.
 * Nothing else in src/ may read botbuilder's private fields, deep paths or policy names.
 */
import type { Activity, ConfigurationBotFrameworkAuthentication, TurnContext } from 'botbuilder';
import { createRequire } from 'node:module';

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;

/** botbuilder's own copy of a package it depends on (botframework-connector), as botbuilder loads it. */
export const fromBotbuilder = createRequire(createRequire(import.meta.url).resolve('botbuilder'));

/**
 * 1. The app id a connector factory was made for: ConnectorFactoryImpl keeps it in a private field. The
 * client cache (adapter.ts) is keyed on it, so clients of two bots never mix. Could go when the factory
 * says whose it is, or when the app moves to the Teams SDK (which caches its clients itself).
 */
export function connectorFactoryAppId(factory: ConnectorFactory): string {
  const appId = (factory as unknown as { appId?: unknown }).appId;
  return typeof appId === 'string' ? appId : '';
}

/** botbuilder's credentials (MicrosoftAppCredentials, managed identity, certificate): they add the bearer token. */
export interface RequestSigner {
  signRequest(resource: { headers: { set(name: string, value: string): void } }): Promise<unknown>;
}

/** The connector client's methods a turn uses to answer in its own conversation. */
export interface ReplyMethods {
  replyToActivity(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<unknown>;
  sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<unknown>;
  updateActivity(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<unknown>;
}

/**
 * 2. What the plain-HTTP replies (reply-client.ts) take from a connector client: its service URL
 * (`baseUri`), its credentials and its `conversations` operations, which it replaces for the three
 * answering methods. Could go when botbuilder's connector client is light enough to answer with (it costs
 * an eighth of a turn's CPU for one POST), or with the Teams SDK.
 */
export interface ConnectorClientParts {
  baseUri: string;
  credentials?: RequestSigner;
  conversations: ReplyMethods;
}

export function connectorClientParts(client: unknown): ConnectorClientParts | undefined {
  const c = client as Partial<ConnectorClientParts> | undefined;
  return typeof c?.baseUri === 'string' && c.conversations ? (c as ConnectorClientParts) : undefined;
}

/**
 * 3. Signs a plain request with botbuilder's credentials: their signRequest is given an object with only
 * `headers.set` (not the WebResource of botbuilder's pipeline) and sets `Authorization` on it.
 */
export async function signHeaders(signer: RequestSigner | undefined, headers: Record<string, string>): Promise<void> {
  await signer?.signRequest({ headers: { set: (name, value) => (headers[name.toLowerCase()] = value) } });
}

/** The part of @azure/core-rest-pipeline's Pipeline the send pacing uses. */
export interface PipelineLike {
  addPolicy(
    policy: {
      name: string;
      sendRequest(request: unknown, next: (r: unknown) => Promise<{ status?: number }>): Promise<unknown>;
    },
    options?: { afterPhase?: string },
  ): void;
  removePolicy(options: { name: string }): unknown;
}

/** The connector client's own retry policy, as @azure/core-rest-pipeline names it. */
export const RETRY_POLICY_NAME = 'defaultRetryPolicy';

/**
 * 4. The HTTP pipeline of the connector client a turn holds (turnState under the adapter's
 * ConnectorClientKey; the client's `client.pipeline`), where wire-pacing.ts removes the retry policy by
 * its name and adds the app's send pacing. Could go when botbuilder lets a proactive send choose its
 * retry policy, or with the Teams SDK.
 */
export function turnPipeline(ctx: TurnContext): PipelineLike | undefined {
  const client = ctx.turnState.get<{ client?: { pipeline?: PipelineLike } } | undefined>(
    ctx.adapter.ConnectorClientKey,
  );
  return client?.client?.pipeline;
}

/**
 * 5. botbuilder's validateAndFixActivity (botbuilder/lib/activityValidator.js, not exported from the
 * package): the time stamps become dates and the text as sent is kept beside them. adapter.ts calls this
 * copy because the body is parsed and checked already (activity-envelope.ts) and CloudAdapter.process
 * would parse it again. Could go when botbuilder exports a process for a parsed body.
 */
export function withDates(body: Record<string, unknown>): Activity {
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const value = body[field];
    if (typeof value === 'string') {
      body[raw] = value;
      body[field] = new Date(value);
    }
  }
  return body as unknown as Activity;
}

/** What signing-keys.ts guards of botframework-connector's OpenIdMetadata (one per metadata URL). */
export interface OpenIdMetadataLike {
  url: string;
  keys?: unknown[];
  lastUpdated: number;
  refreshCache(): Promise<void>;
}

/**
 * 6. botframework-connector's OpenIdMetadata class (lib/auth/openIdMetadata, botbuilder's own copy), whose
 * `refreshCache` signing-keys.ts replaces with a fetch that has a timeout and a back-off. Could go when
 * botbuilder's fetch has both, or with the Teams SDK.
 */
export function openIdMetadataClass(): { prototype: OpenIdMetadataLike & { __guarded?: boolean } } {
  return (
    fromBotbuilder('botframework-connector/lib/auth/openIdMetadata') as {
      OpenIdMetadata: { prototype: OpenIdMetadataLike & { __guarded?: boolean } };
    }
  ).OpenIdMetadata;
}

/**
 * 6 (continued). Replaces `refreshCache` of every OpenIdMetadata in the process with `refresh` (signing-keys.ts:
 * a fetch with a timeout and a back-off). Once per process: later calls keep the first replacement, which
 * reads its settings from signing-keys.ts at each call.
 */
export function replaceOpenIdRefresh(refresh: (metadata: OpenIdMetadataLike) => Promise<void>): void {
  const OpenIdMetadata = openIdMetadataClass();
  if (OpenIdMetadata.prototype.__guarded) return;
  OpenIdMetadata.prototype.__guarded = true;
  OpenIdMetadata.prototype.refreshCache = function (this: OpenIdMetadataLike): Promise<void> {
    return refresh(this);
  };
}
