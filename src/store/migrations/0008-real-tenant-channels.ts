import type { Migration } from './migration.js';

export const migration: Migration = {
  id: 8,
  name: 'cluster channels as Teams allows them: standard or shared, team membership mirrored',
  // A bot cannot post in a private channel (msteams-docs, "Channel and group chat conversations with a
  // bot"), so a private cluster channel could never show its status card. Such channels are left in Teams
  // as they are; the cluster gets a standard channel (its old channel keeps the name, so the new one takes
  // the next free name).
  sql: `
    ALTER TABLE cluster_channels DROP CONSTRAINT cluster_channels_membership_type_check;
    UPDATE cluster_channels SET membership_type = 'standard', channel_id = NULL, web_url = NULL, card_activity_id = NULL,
      card_version = 0, members_synced_version = 0, state = 'pending', next_attempt_at = now()
    WHERE membership_type = 'private';
    ALTER TABLE cluster_channels ADD CONSTRAINT cluster_channels_membership_type_check CHECK (membership_type IN ('standard', 'shared'));
    -- Shared channels: the app has been added to the channel (enabledApps), so the bot can post there.
    ALTER TABLE cluster_channels ADD COLUMN app_enabled boolean NOT NULL DEFAULT false;
    -- When the channel's members were last compared with Teams (changes made directly in Teams).
    ALTER TABLE cluster_channels ADD COLUMN reconciled_at timestamptz;
    -- When Teams was last seen to hold this member (in the team, or in the shared channel): a member
    -- Teams held and no longer holds was removed in Teams.
    ALTER TABLE cluster_members ADD COLUMN in_teams_at timestamptz;
    -- People the app itself added to a team (container_id: the team's id) or to a shared channel (the
    -- channel's id). Only they are ever removed again by the app, and only when no cluster needs them
    -- there any more; people who were there before, or were added in Teams, are never touched.
    CREATE TABLE members_added (
      container_id text NOT NULL,
      user_id text NOT NULL,
      state text NOT NULL CHECK (state IN ('adding', 'added')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (container_id, user_id)
    );
  `,
};
