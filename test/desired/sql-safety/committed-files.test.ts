import { describe, expect, it } from 'vitest';
import { readGeneratedFiles } from '../../../src/observe/files/read-generated-files.ts';
import { projectRoot } from '../../support/shared.ts';

describe('the committed views/, questions/ and dashboards/', () => {
  it('pass every SQL safety check (happy path unchanged)', { timeout: 60_000 }, async () => {
    const files = await readGeneratedFiles(projectRoot, { metabase: true });
    expect(files.views.views.length).toBeGreaterThan(90);
    expect(files.metabase?.state.questions.length).toBeGreaterThan(100);
  });
});
