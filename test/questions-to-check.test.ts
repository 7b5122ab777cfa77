import { describe, expect, it } from 'vitest';
import { questionsToCheck } from '../src/provision.ts';
import type { DesiredQuestion } from '../src/desired/metabase/model.ts';
import type { PlanAction, PlanItem } from '../src/plan/types.ts';

// Only the key matters to questionsToCheck; the rest of a question is irrelevant here.
const question = (key: string) => ({ key, name: key }) as unknown as DesiredQuestion;
const item = (key: string, action: PlanAction, kind: PlanItem['kind'] = 'question'): PlanItem => ({
  kind,
  key,
  title: key,
  action,
  remoteId: null,
  changes: [],
});

const questions = ['q:new', 'q:changed', 'q:same', 'q:gone'].map(question);
const plan = [
  item('q:new', 'create'),
  item('q:changed', 'update'),
  item('q:same', 'noop'),
  item('q:gone', 'archive'),
  // A dashboard with the same key text is not a question.
  item('q:same', 'update', 'dashboard'),
];

describe('questionsToCheck', () => {
  it('proves every question when a view changed', () => {
    expect(questionsToCheck(questions, plan, { viewsChanged: true })).toEqual(questions);
  });

  it('proves only the questions the plan creates or updates when no view changed', () => {
    expect(questionsToCheck(questions, plan, { viewsChanged: false }).map((q) => q.key)).toEqual([
      'q:new',
      'q:changed',
    ]);
  });

  it('proves none on a no-op run', () => {
    const noop = questions.map((q) => item(q.key, 'noop'));
    expect(questionsToCheck(questions, noop, { viewsChanged: false })).toEqual([]);
  });
});
