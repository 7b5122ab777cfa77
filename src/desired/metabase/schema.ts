import { z } from 'zod';
import type {
  DesiredCollection,
  DesiredDashboard,
  DesiredQuestion,
  DesiredSettings,
  DesiredSubscription,
} from './model.ts';
import { isOneLineName } from './one-line-name.ts';

/**
 * zod schemas for the YAML files: what `plan`/`provision` accept back. Strict objects, so a
 * mistyped field in a hand edit is an error rather than silently ignored. Each schema is checked
 * against the model type at compile time.
 */

const keyTail = z.string().regex(/^[a-z0-9-]+(:[a-z0-9-]+)*$/);
const collectionKey = z.templateLiteral(['collection:', keyTail]);
const questionKey = z.templateLiteral(['question:', keyTail]);
const dashboardKey = z.templateLiteral(['dashboard:', keyTail]);
const subscriptionKey = z.templateLiteral(['subscription:', keyTail]);

const nonEmpty = z.string().min(1);
const identifier = z.string().min(1);

const collectionSchema = z.strictObject({
  key: collectionKey,
  name: nonEmpty,
  parent: collectionKey.nullable(),
  description: z.string().nullable(),
}) satisfies z.ZodType<DesiredCollection>;

const tagBase = {
  name: z.string().regex(/^[A-Za-z0-9_]+$/),
  id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
  displayName: nonEmpty,
  required: z.boolean(),
};

const variableTag = z.strictObject({
  ...tagBase,
  type: z.enum(['number', 'text', 'date']),
  default: z.union([z.number(), z.string()]).nullable(),
});

const fieldFilterTag = z.strictObject({
  ...tagBase,
  type: z.literal('dimension'),
  dimension: z.strictObject({ schema: identifier, view: identifier, column: identifier }),
  widgetType: z.enum(['string/=', 'number/=', 'date/all-options']),
});

const columnSettings = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

const questionSchema = z.strictObject({
  key: questionKey,
  name: nonEmpty,
  description: z.string(),
  collection: collectionKey,
  display: z.enum(['table', 'scalar', 'line']),
  sql: nonEmpty,
  templateTags: z.array(z.discriminatedUnion('type', [variableTag, fieldFilterTag])),
  visualizationSettings: z.strictObject({
    column_settings: z.record(z.string(), columnSettings),
    'graph.dimensions': z.array(z.string()).exactOptional(),
    'graph.metrics': z.array(z.string()).exactOptional(),
  }),
}) satisfies z.ZodType<DesiredQuestion>;

const templateTagRef = z.tuple([z.literal('template-tag'), z.string()]);

const dashcard = z.strictObject({
  question: questionKey,
  row: z.int().min(0),
  col: z.int().min(0).max(23),
  sizeX: z.int().min(1).max(24),
  sizeY: z.int().min(1),
  parameterMappings: z.array(
    z.strictObject({
      parameterId: z.string().regex(/^[0-9a-f]{8}$/),
      target: z.union([
        z.tuple([z.literal('dimension'), templateTagRef]),
        z.tuple([z.literal('variable'), templateTagRef]),
      ]),
    }),
  ),
});

const parameter = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{8}$/),
  name: nonEmpty,
  slug: z.string().regex(/^[a-z0-9_]+$/),
  type: z.enum(['string/=', 'number/=', 'date/all-options']),
  sectionId: z.enum(['string', 'number', 'date']),
  default: z.array(z.union([z.string(), z.number()])).nullable(),
  required: z.boolean(),
});

const dashboardSchema = z.strictObject({
  key: dashboardKey,
  name: nonEmpty,
  description: z.string(),
  collection: collectionKey,
  parameters: z.array(parameter),
  dashcards: z.array(dashcard),
}) satisfies z.ZodType<DesiredDashboard>;

const channel = z.strictObject({
  schedule_type: z.enum(['daily', 'weekly', 'monthly']),
  schedule_day: z.enum(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']).nullable(),
  schedule_hour: z.int().min(0).max(23),
  schedule_frame: z.enum(['first', 'mid', 'last']).nullable(),
  recipients: z.array(z.strictObject({ email: z.string() })).min(1),
});

/** A subscription as written inside its dashboard's file (the dashboard key is implied). */
const nestedSubscriptionSchema = z.strictObject({
  key: subscriptionKey,
  name: nonEmpty.refine(
    isOneLineName,
    'must be one line without control or invisible characters (Metabase puts it in e-mails)',
  ),
  channel,
  cards: z
    .array(
      z.strictObject({
        question: questionKey,
        includeCsv: z.boolean(),
        includeXls: z.boolean(),
        formatRows: z.boolean(),
      }),
    )
    .min(1),
  skipIfEmpty: z.boolean(),
}) satisfies z.ZodType<Omit<DesiredSubscription, 'dashboard'>>;

const settingsSchema = z.strictObject({
  reportTimezone: nonEmpty,
}) satisfies z.ZodType<DesiredSettings>;

/** One file per kind of document. */
const questionFileSchema = questionSchema.extend({ kind: z.literal('question') });
const dashboardFileSchema = dashboardSchema.extend({
  kind: z.literal('dashboard'),
  subscriptions: z.array(nestedSubscriptionSchema).exactOptional(),
});
const collectionsFileSchema = z.strictObject({
  kind: z.literal('collections'),
  collections: z.array(collectionSchema),
});
const settingsFileSchema = settingsSchema.extend({ kind: z.literal('settings') });

export const metabaseFileSchema = z.discriminatedUnion('kind', [
  questionFileSchema,
  dashboardFileSchema,
  collectionsFileSchema,
  settingsFileSchema,
]);
