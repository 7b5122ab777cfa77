import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/demo-data/prng.ts';
import type { FaultKind } from '../emulator/controls.ts';
import { projectRoot } from '../support/shared.ts';
import { readDesiredFiles, type DesiredFiles } from './support/desired-files.ts';
import { startE2eEnvironment, transcript, type E2eEnvironment } from './support/e2e-environment.ts';
import {
  duplicates,
  listDatabases,
  listObjects,
  managedKeys,
  subscriptionLinkProblems,
} from './support/metabase-objects.ts';

/**
 * A cold provision interrupted by a fault at a write chosen by a seeded PRNG, then re-run with the
 * fault gone: the re-run must converge (exit 0, every managed key on exactly one active object,
 * nothing missing) and the run after it must send no write at all.
 */

interface WriteRequest {
  readonly method: string;
  readonly route: string;
}

interface FaultCase {
  readonly seed: number;
  readonly what: string;
  readonly fault: FaultKind;
  /** How many matching requests it hits: enough to outlast the client's retries. */
  readonly times: number;
  /** Which writes of the cold run qualify. */
  readonly eligible: (write: WriteRequest) => boolean;
}

const creates = new Set([
  '/api/database',
  '/api/collection',
  '/api/card',
  '/api/dashboard',
  '/api/pulse',
]);

// Seeds picked so that, with the bundled sample's files, the faults land in different phases
// (subscriptions, dashboards, questions); each test annotates its target. A reset before any
// work behaves like the 502 here (nothing committed), so it is left to the client's own tests.
const cases: readonly FaultCase[] = [
  {
    seed: 10,
    what: 'a proxy answering 502 Bad Gateway to that route from then on',
    fault: { kind: 'status', status: 502 },
    times: 1_000,
    eligible: () => true,
  },
  {
    // A create that commits and then loses its response is resolved by the client's marker
    // lookup within the run, so for a run that fails the dropped responses hit updates.
    seed: 8,
    what: 'every response of that route dropped after the change was committed',
    fault: { kind: 'commit-then-drop' },
    times: 1_000,
    eligible: (w) => w.method === 'PUT',
  },
  {
    // Not retryable: the run stops at once with a create committed that it never saw.
    seed: 8,
    what: 'a create committed, then answered with 500',
    fault: { kind: 'status-after-commit', status: 500 },
    times: 1,
    eligible: (w) => w.method === 'POST' && creates.has(w.route),
  },
];

let env: E2eEnvironment;
let desired: DesiredFiles;
let coldWrites: readonly WriteRequest[] = [];

beforeAll(async () => {
  env = await startE2eEnvironment({ records: 300, dbPrefix: 'dtx_e2e_fault' });
  desired = await readDesiredFiles(projectRoot);
});

afterAll(async () => {
  await env?.close();
});

/** The n-th write of its kind: the same method and route pattern, counted in cold-run order. */
function pickTarget(seed: number, eligible: (w: WriteRequest) => boolean) {
  const rng = new Rng(seed);
  const indices = coldWrites.flatMap((w, i) => (eligible(w) ? [i] : []));
  // Routes first, so a few hundred field updates do not drown the rarer creates.
  const routes = [
    ...new Set(indices.map((i) => `${coldWrites[i]?.method} ${coldWrites[i]?.route}`)),
  ].sort();
  const route = rng.pick(routes);
  const ofRoute = indices.filter(
    (i) => `${coldWrites[i]?.method} ${coldWrites[i]?.route}` === route,
  );
  const index = rng.pick(ofRoute);
  const write = coldWrites[index];
  if (!write) throw new Error('no write to break');
  return { write, index, after: ofRoute.indexOf(index) };
}

async function expectConverged(): Promise<void> {
  const active = await listObjects(env, 'active');
  const keys = managedKeys(active);
  expect(duplicates(keys)).toEqual([]);
  expect(await subscriptionLinkProblems(env, active, desired.dashboardOfSubscription)).toEqual([]);
  expect(new Set(keys.cards.keys())).toEqual(
    new Set([...desired.questions.values()].map((q) => q.key)),
  );
  expect(new Set(keys.dashboards.keys())).toEqual(
    new Set([...desired.dashboards.values()].map((d) => d.key)),
  );
  expect(new Set(keys.collections.keys())).toEqual(new Set(desired.collectionKeys));
  expect(new Set(keys.pulses.keys())).toEqual(new Set(desired.subscriptions.map((s) => s.key)));
  const databases = await listDatabases(env);
  expect(databases.filter((d) => d.name === 'DTX 2.0 reporting')).toHaveLength(1);
  // Nothing of ours left in the trash either (a half-made object archived instead of reused).
  const trash = managedKeys(await listObjects(env, 'archived'));
  expect(Object.values(trash).reduce((n, m: ReadonlyMap<string, unknown>) => n + m.size, 0)).toBe(
    0,
  );
}

describe('a provision interrupted by a fault converges when re-run', () => {
  it('records the writes of an undisturbed cold run', async () => {
    const run = await env.cli(['provision']);
    expect(run.exitCode, transcript(run)).toBe(0);
    coldWrites = env.emulator
      .log()
      .filter((e) => e.seq > run.fromSeq && e.category === 'write')
      .map((e) => ({ method: e.method, route: e.route ?? e.path }));
    expect(coldWrites.length).toBeGreaterThan(desired.questions.size);
    await expectConverged();
  });

  for (const faultCase of cases) {
    it(`${faultCase.fault.kind}, seed ${faultCase.seed}: ${faultCase.what}`, async ({
      annotate,
    }) => {
      const { write, index, after } = pickTarget(faultCase.seed, faultCase.eligible);
      const target = `write #${index + 1} of ${coldWrites.length} (${write.method} ${write.route}, occurrence ${after + 1})`;
      await annotate(`fault ${faultCase.fault.kind} at ${target}`);
      env.emulator.controls.reset();
      env.emulator.controls.addFault({
        method: write.method,
        path: write.route,
        after,
        times: faultCase.times,
        fault: faultCase.fault,
      });

      const failed = await env.cli(['provision']);
      const context = `${target}\n${transcript(failed)}`;
      expect(failed.exitCode, context).toBe(1);
      expect(
        env.emulator.log().some((e) => e.seq > failed.fromSeq && e.fault === faultCase.fault.kind),
        context,
      ).toBe(true);
      const errorLines = failed.err.split('\n').filter((l) => /^(internal )?error:/.test(l));
      expect(errorLines, context).toHaveLength(1);
      expect(errorLines[0], context).toMatch(/^error: \S.{10,}/);
      expect(failed.err, context).not.toMatch(/internal error|\n\s+at /);
      expect(failed.out, context).not.toContain('Done in');

      env.emulator.controls.clearFaults();
      const rerun = await env.cli(['provision']);
      expect(rerun.exitCode, `${target}\n${transcript(rerun)}`).toBe(0);
      await expectConverged();

      const quiet = await env.cli(['provision']);
      expect(quiet.exitCode, transcript(quiet)).toBe(0);
      expect(env.emulator.controls.counts(quiet.fromSeq).writes, target).toBe(0);
    });
  }
});
