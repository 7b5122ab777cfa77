import { cp, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * The generated files as a reviewer reads them (plain YAML and JSON), counted independently of
 * the product's loader: what provisioning must have produced in Metabase.
 */

const questionFile = z.looseObject({
  kind: z.literal('question'),
  key: z.string(),
  name: z.string(),
});
const dashboardFile = z.looseObject({
  kind: z.literal('dashboard'),
  key: z.string(),
  name: z.string(),
  subscriptions: z
    .array(
      z.looseObject({
        key: z.string(),
        channel: z.looseObject({
          schedule_type: z.string(),
          schedule_day: z.string().nullable(),
          schedule_hour: z.number(),
          schedule_frame: z.string().nullable(),
          recipients: z.array(z.object({ email: z.string() })),
        }),
      }),
    )
    .optional(),
});
const collectionsFile = z.looseObject({
  kind: z.literal('collections'),
  collections: z.array(z.looseObject({ key: z.string(), name: z.string() })),
});

export type DesiredSubscriptionFile = NonNullable<
  z.infer<typeof dashboardFile>['subscriptions']
>[number];

export interface DesiredFiles {
  /** Relative path → parsed file. */
  readonly questions: ReadonlyMap<string, z.infer<typeof questionFile>>;
  readonly dashboards: ReadonlyMap<string, z.infer<typeof dashboardFile>>;
  readonly collectionKeys: readonly string[];
  readonly subscriptions: readonly DesiredSubscriptionFile[];
  /** Subscription key → key of the dashboard file it is written in. */
  readonly dashboardOfSubscription: ReadonlyMap<string, string>;
}

async function yamlFiles(root: string, folder: string): Promise<string[]> {
  const entries = await readdir(path.join(root, folder), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

export async function readDesiredFiles(root: string): Promise<DesiredFiles> {
  const questions = new Map<string, z.infer<typeof questionFile>>();
  const dashboards = new Map<string, z.infer<typeof dashboardFile>>();
  let collectionKeys: string[] = [];
  for (const file of await yamlFiles(root, 'questions')) {
    questions.set(file, questionFile.parse(parse(await readFile(path.join(root, file), 'utf8'))));
  }
  for (const file of await yamlFiles(root, 'dashboards')) {
    const doc: unknown = parse(await readFile(path.join(root, file), 'utf8'));
    const kind = z.looseObject({ kind: z.string() }).parse(doc).kind;
    if (kind === 'dashboard') dashboards.set(file, dashboardFile.parse(doc));
    else if (kind === 'collections')
      collectionKeys = collectionsFile.parse(doc).collections.map((c) => c.key);
  }
  return {
    questions,
    dashboards,
    collectionKeys,
    subscriptions: [...dashboards.values()].flatMap((d) => d.subscriptions ?? []),
    dashboardOfSubscription: new Map(
      [...dashboards.values()].flatMap((d) => (d.subscriptions ?? []).map((s) => [s.key, d.key])),
    ),
  };
}

const manifestSchema = z.looseObject({
  reports: z.array(
    z.looseObject({
      legacyId: z.number(),
      status: z.string(),
      columns: z.array(z.object({ column: z.string() }).loose()).optional(),
    }),
  ),
  schedules: z.array(
    z.looseObject({
      legacyId: z.number(),
      status: z.string(),
      reason: z.string().nullish(),
      pulses: z.array(
        z.looseObject({
          subscription: z.string(),
          schedule_type: z.string(),
          schedule_day: z.string().nullable().optional(),
          schedule_hour: z.number(),
          recipients: z.array(z.string()),
        }),
      ),
    }),
  ),
});

export type Manifest = z.infer<typeof manifestSchema>;

export async function readManifest(root: string): Promise<Manifest> {
  return manifestSchema.parse(JSON.parse(await readFile(path.join(root, 'manifest.json'), 'utf8')));
}

/** A copy of what `--from` reads, for tests that change the code. */
export async function copyGeneratedFiles(from: string, to: string): Promise<void> {
  for (const part of ['views', 'questions', 'dashboards', 'manifest.json']) {
    await cp(path.join(from, part), path.join(to, part), { recursive: true });
  }
}
