import { RemoteError } from '../../errors.ts';
import type { DesiredQuestion, TemplateTag as DesiredTag } from '../../desired/metabase/model.ts';
import { jsonObjectSchema } from '../../metabase/json.ts';
import type { TemplateTag } from '../../metabase/card-query.ts';
import { describeWithKey } from '../../plan/metabase/metabase-key-marker.ts';
import type { PlanItem } from '../../plan/types.ts';
import { mapWithConcurrency } from '../../concurrency.ts';
import {
  archiveEach,
  connectedDatabase,
  createOrUpdate,
  findByKey,
  requireId,
  type ApplyRun,
  type KindApplier,
} from './apply-run.ts';

/** Native SQL questions: their field filters point at field ids known only after sync. */
async function applyQuestions(items: readonly PlanItem[], run: ApplyRun): Promise<void> {
  const { client, desired, options } = run;
  const database = connectedDatabase(run);
  const byKey = new Map<string, DesiredQuestion>(desired.state.questions.map((q) => [q.key, q]));
  options.progress.phase('questions', items.length);
  await mapWithConcurrency(items, options.concurrency, async (item) => {
    const want = byKey.get(item.key);
    if (!want) return;
    const collectionId = requireId(run.ids.collections, want.collection);
    const body = cardBody(want, database.id, collectionId, run.fieldIds);
    await createOrUpdate(run, 'question', item, {
      create: () =>
        client.createCard(body, {
          findExisting: async () => findByKey(await client.listCards(), want.key),
        }),
      update: (id) => client.updateCard(id, { ...body, archived: false }),
      ids: run.ids.cards,
    });
    options.progress.step(`${item.action} question ${want.name}`);
  });
}

async function archiveQuestions(items: readonly PlanItem[], run: ApplyRun): Promise<void> {
  await archiveEach('question', items, run, (_item, id) => run.client.archiveCard(id));
}

export const questionApplier: KindApplier = {
  kinds: ['question'],
  apply: applyQuestions,
  archive: archiveQuestions,
};

function cardBody(
  q: DesiredQuestion,
  databaseId: number,
  collectionId: number,
  fieldIds: ReadonlyMap<string, number>,
) {
  return {
    name: q.name,
    description: describeWithKey(q.description, q.key),
    display: q.display,
    type: 'question' as const,
    collectionId,
    query: {
      kind: 'native' as const,
      database: databaseId,
      query: q.sql,
      templateTags: Object.fromEntries(
        q.templateTags.map((t) => [t.name, metabaseTag(t, fieldIds)]),
      ),
    },
    visualizationSettings: jsonObjectSchema.parse(q.visualizationSettings),
  };
}

function metabaseTag(tag: DesiredTag, fieldIds: ReadonlyMap<string, number>): TemplateTag {
  const common = {
    name: tag.name,
    displayName: tag.displayName,
    id: tag.id,
    required: tag.required,
    alias: null,
    options: null,
    snippetName: null,
    snippetId: null,
    cardId: null,
  };
  if (tag.type !== 'dimension') {
    return { ...common, type: tag.type, default: tag.default, dimension: null, widgetType: null };
  }
  const column = `${tag.dimension.schema}.${tag.dimension.view}.${tag.dimension.column}`;
  const fieldId = fieldIds.get(column);
  if (fieldId === undefined) {
    throw new RemoteError(
      `Metabase has no field for ${column} after sync: was the view provisioned and can the reporting role read it?`,
      { system: 'metabase' },
    );
  }
  return {
    ...common,
    type: 'dimension',
    default: null,
    dimension: { fieldId, options: null },
    widgetType: tag.widgetType,
  };
}
