import { describe, expect, it } from 'vitest';
import { planResources } from '../../src/plan/plan-resources.ts';
import { renderPlanText } from '../../src/cli/render/plan-text.ts';
import { totalsOf } from '../../src/plan/types.ts';

const desired = [
  {
    key: 'question:report:1',
    title: 'Account Master',
    comparable: { name: 'Account Master', sql: 'SELECT 1' },
  },
  {
    key: 'question:report:2',
    title: 'Contacts',
    comparable: { name: 'Contacts', sql: 'SELECT 2' },
  },
  { key: 'question:report:3', title: 'New', comparable: { name: 'New', sql: 'SELECT 3' } },
];

describe('planResources', () => {
  it('matches by key: unchanged, drift as field-level update, missing as create', () => {
    const items = planResources({
      kind: 'question',
      prune: false,
      desired,
      observed: [
        {
          key: 'question:report:1',
          title: 'Account Master',
          remoteId: 10,
          comparable: { sql: 'SELECT 1', name: 'Account Master' },
        },
        {
          key: 'question:report:2',
          title: 'Contacts (edited)',
          remoteId: 11,
          comparable: { name: 'Contacts (edited)', sql: 'SELECT 2' },
        },
      ],
    });
    expect(items.map((i) => [i.key, i.action])).toEqual([
      ['question:report:1', 'noop'],
      ['question:report:2', 'update'],
      ['question:report:3', 'create'],
    ]);
    expect(items[1]?.changes).toEqual([
      { path: 'name', before: 'Contacts (edited)', after: 'Contacts' },
    ]);
    expect(items[2]?.changes).toEqual([
      { path: 'name', before: null, after: 'New' },
      { path: 'sql', before: null, after: 'SELECT 3' },
    ]);
  });

  it('restores an archived object instead of creating a duplicate', () => {
    const items = planResources({
      kind: 'question',
      prune: false,
      desired: desired.slice(0, 1),
      observed: [
        {
          key: 'question:report:1',
          title: 'x',
          remoteId: 10,
          archived: true,
          comparable: desired[0]?.comparable,
        },
      ],
    });
    expect(items[0]).toMatchObject({
      action: 'update',
      remoteId: 10,
      changes: [{ path: 'archived', before: true, after: false }],
    });
  });

  it('archives objects removed from the code only with prune', () => {
    const observed = [{ key: 'question:report:9', title: 'Gone', remoteId: 99, comparable: {} }];
    expect(
      planResources({ kind: 'question', prune: false, desired: [], observed })[0]?.action,
    ).toBe('noop');
    expect(planResources({ kind: 'question', prune: true, desired: [], observed })[0]?.action).toBe(
      'archive',
    );
  });

  it('renders a readable plan with totals', () => {
    const items = planResources({
      kind: 'question',
      prune: false,
      desired,
      observed: [
        {
          key: 'question:report:2',
          title: 'Contacts',
          remoteId: 11,
          comparable: { name: 'Old', sql: 'SELECT 2' },
        },
      ],
    });
    const text = renderPlanText({ items, totals: totalsOf(items) });
    expect(text).toContain('~ update    Contacts (#11)  [question:report:2]');
    expect(text).toContain('name: "Old" → "Contacts"');
    expect(text).toContain('Plan: 2 to create, 1 to update, 0 to archive, 0 unchanged.');
  });
});
