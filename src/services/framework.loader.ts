import { readFile } from 'node:fs/promises';
import { FrameworkSchema, type Framework } from '../domain/framework.js';

/** Reads and validates a framework file; the error names the file and every problem in it. */
export async function loadFramework(file: string): Promise<Framework> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read the framework file ${file}: ${(err as Error).message}`);
  }
  const parsed = FrameworkSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`The framework file ${file} is not valid: ${problems}`);
  }
  return parsed.data;
}
