import { describe, expect, it } from 'vitest';
import type { DesiredQuestion } from '../../../../src/desired/metabase/model.ts';
import { cardSchema, collectionListSchema } from '../../../../src/metabase/responses.ts';
import type { Card } from '../../../../src/metabase/types.ts';
import { indexManaged } from '../../../../src/plan/metabase/managed-index.ts';
import { describeWithKey } from '../../../../src/plan/metabase/metabase-key-marker.ts';
import { planQuestions } from '../../../../src/plan/metabase/question/plan-questions.ts';
import { observedQuestionForm } from '../../../../src/plan/metabase/question/question-comparable.ts';
import {
  desiredMetabase,
  eras,
  expectGolden,
  observedMetabase,
  recorded,
  type Era,
} from '../recorded-metabase.ts';

/**
 * Recorded cards 27 (a GUI question), 29 and 32 (native SQL), marked as ours. They sat in no
 * collection when recorded; here they sit in collection 3, ours, as ours always do. Card 29 also
 * gets the empty column settings every question of ours carries, so it can compare unchanged.
 */
function observed(era: Era) {
  const mark = (card: Card, key: string): Card => ({
    ...card,
    collectionId: 3,
    description: describeWithKey(card.description ?? '', key),
  });
  const card = (n: number) => recorded(era, `card/${n}.json`, cardSchema);
  const collections = recorded(era, 'collection.json', collectionListSchema).map((c) =>
    c.id === 3 ? { ...c, description: describeWithKey('', 'collection:reports') } : c,
  );
  return observedMetabase({
    collections,
    cards: [
      mark(card(27), 'question:report:27'),
      { ...mark(card(29), 'question:report:29'), visualizationSettings: { column_settings: {} } },
      mark(card(32), 'question:report:32'),
    ],
  });
}

const question = (q: Partial<DesiredQuestion> & Pick<DesiredQuestion, 'key'>): DesiredQuestion => ({
  name: 'Dummy',
  description: '',
  collection: 'collection:reports',
  display: 'table',
  sql: 'select 1;',
  templateTags: [],
  visualizationSettings: { column_settings: {} },
  ...q,
});

const questions: readonly DesiredQuestion[] = [
  question({
    key: 'question:report:27',
    name: 'Orders + Customers',
    description: 'Orders and customers',
    sql: 'select * from orders join customers using (customer_id)',
  }),
  question({
    key: 'question:report:29',
    name: 'Returned Order Count SQL',
    display: 'scalar',
    sql: "select\n    count(*)\nfrom STG_payments as p\n    left join STG_orders as o on p.order_id = o.order_id\nwhere o.status = 'returned'\n;",
  }),
  question({
    key: 'question:report:32',
    name: 'Completed Orders CTE SQL',
    description: 'CTE SQL',
    sql: "select * from Orders where status = 'completed'",
  }),
  question({ key: 'question:report:40', name: 'New' }),
];

describe('question kind: recorded GET /api/card/:id answers', () => {
  const planFor = (era: Era) => {
    const o = observed(era);
    const index = indexManaged(o);
    const desired = desiredMetabase({ state: { questions } });
    return {
      observed: [...index.cards].map(([key, c]) => [key, observedQuestionForm(c, index.names)]),
      plan: planQuestions({ desired, observed: o, index, prune: false }),
    };
  };

  it('a GUI question in place of ours, changed SQL and a missing one show; the rest is noop', () => {
    const { observed: forms, plan } = planFor('mbql5');
    expect(plan.map((i) => [i.key, i.action, i.changes.map((c) => c.path)])).toEqual([
      [
        'question:report:27',
        'update',
        [
          'sql',
          'visualizationSettings.column_settings',
          'visualizationSettings.table.cell_column',
          'visualizationSettings.table.pivot_column',
        ],
      ],
      ['question:report:29', 'noop', []],
      [
        'question:report:32',
        'update',
        [
          'sql',
          'visualizationSettings.column_settings',
          'visualizationSettings.table.cell_column',
          'visualizationSettings.table.pivot_column',
        ],
      ],
      ['question:report:40', 'create', expect.any(Array)],
    ]);
    expect(forms.find(([key]) => key === 'question:report:27')?.[1]).toMatchObject({
      sql: '(not a native SQL question)',
    });
    expectGolden('question', { observed: forms, plan });
  });

  it('MBQL 4 and MBQL 5 answers give the same comparable forms and the same plan', () => {
    const [old, now] = eras.map(planFor);
    expect(now).toEqual(old);
  });
});
