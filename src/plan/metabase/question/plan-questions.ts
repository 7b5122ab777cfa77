import { planResources } from '../../plan-resources.ts';
import type { PlanItem } from '../../types.ts';
import { observedResources, type KindPlanInput } from '../kind-planner.ts';
import { desiredQuestionForm, observedQuestionForm } from './question-comparable.ts';

export function planQuestions({ desired, index, prune }: KindPlanInput): PlanItem[] {
  return planResources({
    kind: 'question',
    prune,
    desired: desired.state.questions.map((q) => ({
      key: q.key,
      title: q.name,
      comparable: desiredQuestionForm(q),
    })),
    observed: observedResources(
      index.cards,
      (c) => c.name,
      (c) => observedQuestionForm(c, index.names),
    ),
  });
}
