import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { circles, importGraph } from '../../scripts/check-import-cycles.mjs';

describe('the import-circle check (npm run lint)', () => {
  const at = (f: string) => path.resolve('src', f);

  it('names the chain of files of a circle through three modules, and nothing for a tree', () => {
    const graph = new Map<string, Set<string>>([
      [at('a.ts'), new Set([at('b.ts')])],
      [at('b.ts'), new Set([at('c.ts')])],
      [at('c.ts'), new Set([at('a.ts')])],
      [at('d.ts'), new Set([at('a.ts')])],
    ]);
    expect(circles(graph)).toEqual([[at('a.ts'), at('b.ts'), at('c.ts'), at('a.ts')]]);
    graph.get(at('c.ts'))!.clear();
    expect(circles(graph)).toEqual([]);
  });

  it('reads the imports of the channel jobs as they are: channel-sync uses channel-members, not the reverse', () => {
    const files = ['jobs/channel-sync.job.ts', 'jobs/channel-members.job.ts', 'jobs/channel-work.ts'].map(at);
    const graph = importGraph(files) as Map<string, Set<string>>;
    expect(graph.get(at('jobs/channel-sync.job.ts'))).toContain(at('jobs/channel-members.job.ts'));
    expect(graph.get(at('jobs/channel-members.job.ts'))).not.toContain(at('jobs/channel-sync.job.ts'));
    expect(circles(graph)).toEqual([]);
  });
});
