import type { Migration } from './migration.js';

export const migration: Migration = {
  id: 11,
  name: "the transactionId of a dialogue's calendar event",
  sql: `
    -- The transactionId the dialogue's event was (or is being) created with. Set before the create is sent, so
    -- that after a lost answer the retry, or a cancel, asks Graph for that same event instead of making another.
    ALTER TABLE dialogues ADD COLUMN event_transaction_id text;
    UPDATE dialogues SET event_transaction_id = id::text WHERE event_id IS NOT NULL;
  `,
};
