import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { schemaTypes, SNAPSHOT, TARGET } from '../../scripts/schema-types.mjs';

type Snapshot = { columns: string[]; constraints: string[] };
const snapshot = (): Snapshot => JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Snapshot;

describe("the store's row types (src/store/schema.ts) are the migrations' schema", () => {
  it('are exactly what scripts/schema-types.mjs makes of the committed schema snapshot', () => {
    // The snapshot itself is checked against the migrations by test/integration/migrations.test.ts.
    // After a migration: update the snapshot, then `node scripts/schema-types.mjs --write`.
    expect(readFileSync(TARGET, 'utf8')).toBe(schemaTypes(snapshot()));
  });

  it('change when a migration adds a column, and give checked states their literal values', () => {
    const s = snapshot();
    const added = schemaTypes({ ...s, columns: [...s.columns, 'missions.budget integer'] });
    expect(added).toContain('  budget: number | null;');
    expect(readFileSync(TARGET, 'utf8')).not.toContain('budget');
    const types = schemaTypes(s);
    expect(types).toContain("  state: WithDefault<'pending' | 'waiting' | 'retrying' | 'ready'>;");
    expect(types).toContain('  roles: WithDefault<string[]>;');
    expect(() => schemaTypes({ ...s, columns: ['missions.shape point not null'] })).toThrow(
      /no TypeScript type for point/,
    );
  });
});
