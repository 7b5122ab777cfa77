import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One folder per data-quality scenario under test/fixtures/legacy/. */
export function legacyFixture(name: string): string {
  return path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    '..',
    'fixtures',
    'legacy',
    name,
  );
}
