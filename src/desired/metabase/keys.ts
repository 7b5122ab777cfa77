import type { CollectionKey, DashboardKey, QuestionKey, SubscriptionKey } from './model.ts';

/**
 * Managed keys. They come from legacy ids only, so a rename in code or in the legacy export
 * never changes which Metabase object a key stands for.
 */
export const keys = {
  rootCollection: 'collection:root',
  categoryCollection: (categoryId: number): CollectionKey => `collection:category:${categoryId}`,
  customCollection: 'collection:custom',
  customerCollection: (customerId: number): CollectionKey => `collection:custom:${customerId}`,
  deliveriesCollection: 'collection:scheduled-deliveries',
  overviewCollection: 'collection:overview',
  reportQuestion: (reportId: number): QuestionKey => `question:report:${reportId}`,
  deliveryQuestion: (reportId: number, customerId: number): QuestionKey =>
    `question:delivery:${reportId}:${customerId}`,
  /** A system report fixed to one customer that used it in DTX 1.0 (ran or scheduled it). */
  customerReportQuestion: (reportId: number, customerId: number): QuestionKey =>
    `question:customer-report:${reportId}:${customerId}`,
  overviewQuestion: (name: string): QuestionKey => `question:overview:${name}`,
  categoryDashboard: (categoryId: number): DashboardKey => `dashboard:category:${categoryId}`,
  overviewDashboard: 'dashboard:compliance-overview',
  deliveryDashboard: (reportId: number, customerId: number): DashboardKey =>
    `dashboard:delivery:${reportId}:${customerId}`,
  scheduleSubscription: (scheduleId: number, timing: string): SubscriptionKey =>
    `subscription:schedule:${scheduleId}:${timing}`,
} as const satisfies Record<string, string | ((...args: never[]) => string)>;

/** A key's parts after its kind: `question:delivery:135:1003` → `['delivery','135','1003']`. */
export function keyParts(key: string): readonly string[] {
  return key.split(':').slice(1);
}

/** Natural order (`question:report:2` before `question:report:10`), so lists sort as people expect. */
export function compareKeys(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    if (i % 2 === 1) {
      const diff = Number(x) - Number(y);
      if (diff !== 0) return diff;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

export function sortByKey<T extends { readonly key: string }>(items: readonly T[]): readonly T[] {
  return [...items].sort((a, b) => compareKeys(a.key, b.key));
}
