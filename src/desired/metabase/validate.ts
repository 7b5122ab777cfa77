import { gridProblems } from './dashboard-grid.ts';
import { keys } from './keys.ts';
import type {
  DesiredDashboard,
  DesiredMetabaseState,
  DesiredQuestion,
  DesiredSubscription,
} from './model.ts';
import { parseNativeQuery, tagUses } from './native-query-template.ts';
import { tagNames } from './template-tag-names.ts';
import { parameterId } from './stable-ids.ts';
import { isDeliverableEmail } from './deliverable-email.ts';

/**
 * Cross-reference and safety checks over a whole desired state. Run on what `generate` builds
 * and on what `plan`/`provision` load, so hand edits cannot slip past them. Returns every
 * problem, each starting with the object key.
 */
export function validateDesiredMetabaseState(state: DesiredMetabaseState): readonly string[] {
  const problems: string[] = [];
  const duplicates = (kind: string, list: readonly { key: string }[]): void => {
    const seen = new Set<string>();
    for (const { key } of list) {
      if (seen.has(key)) problems.push(`${key}: more than one ${kind} with this key`);
      seen.add(key);
    }
  };
  duplicates('collection', state.collections);
  duplicates('question', state.questions);
  duplicates('dashboard', state.dashboards);
  duplicates('subscription', state.subscriptions);

  const collections = new Map(state.collections.map((c) => [c.key, c]));
  for (const c of state.collections) {
    if (c.parent === null && c.key !== keys.rootCollection) {
      problems.push(`${c.key}: only ${keys.rootCollection} may sit at Metabase's root`);
    }
    const seen = new Set<string>([c.key]);
    for (let p = c.parent; p !== null; p = collections.get(p)?.parent ?? null) {
      if (!collections.has(p)) {
        problems.push(`${c.key}: parent ${p} does not exist`);
        break;
      }
      if (seen.has(p)) {
        problems.push(`${c.key}: collection parents form a cycle`);
        break;
      }
      seen.add(p);
    }
  }
  const questions = new Map(state.questions.map((q) => [q.key, q]));
  for (const q of state.questions) {
    if (!collections.has(q.collection))
      problems.push(`${q.key}: collection ${q.collection} does not exist`);
    problems.push(...questionProblems(q));
  }
  const dashboards = new Map(state.dashboards.map((d) => [d.key, d]));
  for (const d of state.dashboards) {
    if (!collections.has(d.collection))
      problems.push(`${d.key}: collection ${d.collection} does not exist`);
    problems.push(...dashboardProblems(d, questions));
  }
  for (const s of state.subscriptions) problems.push(...subscriptionProblems(s, dashboards));
  return problems;
}

function questionProblems(q: DesiredQuestion): readonly string[] {
  const problems: string[] = [];
  let uses: readonly { name: string; optional: boolean }[];
  try {
    uses = tagUses(parseNativeQuery(q.sql));
  } catch (error) {
    return [`${q.key}: SQL: ${error instanceof Error ? error.message : String(error)}`];
  }
  const names = new Set<string>();
  for (const tag of q.templateTags) {
    if (names.has(tag.name)) problems.push(`${q.key}: template tag ${tag.name} is defined twice`);
    names.add(tag.name);
    if (!uses.some((u) => u.name === tag.name))
      problems.push(`${q.key}: template tag ${tag.name} is not used in the SQL`);
    if (tag.required && tag.type !== 'dimension' && tag.default === null) {
      problems.push(`${q.key}: required template tag ${tag.name} has no default`);
    }
  }
  for (const use of uses) {
    if (!names.has(use.name))
      problems.push(`${q.key}: SQL uses {{${use.name}}} but no template tag defines it`);
  }
  // Fail closed: the customer restriction must be a required number outside [[ ]], so a missing
  // value is an error and never drops the restriction.
  const customer = q.templateTags.find((t) => t.name === tagNames.customer);
  const mustRestrict = q.key.startsWith('question:delivery:');
  if (mustRestrict && customer === undefined) {
    problems.push(
      `${q.key}: a delivery question needs the required {{${tagNames.customer}}} restriction`,
    );
  }
  if (customer !== undefined) {
    if (customer.type !== 'number' || !customer.required) {
      problems.push(`${q.key}: template tag ${tagNames.customer} must be a required number`);
    }
    if (
      uses.some((u) => u.name === tagNames.customer && u.optional) ||
      !uses.some((u) => u.name === tagNames.customer)
    ) {
      problems.push(
        `${q.key}: {{${tagNames.customer}}} must be used outside [[ ]] so a missing value errors`,
      );
    }
  }
  return problems;
}

function dashboardProblems(
  d: DesiredDashboard,
  questions: ReadonlyMap<string, DesiredQuestion>,
): readonly string[] {
  const problems: string[] = [];
  const slugs = new Set<string>();
  for (const p of d.parameters) {
    if (slugs.has(p.slug)) problems.push(`${d.key}: parameter slug ${p.slug} is used twice`);
    slugs.add(p.slug);
    if (p.id !== parameterId(d.key, p.slug)) {
      problems.push(
        `${d.key}: parameter ${p.slug} has id ${p.id}, expected the deterministic ${parameterId(d.key, p.slug)}`,
      );
    }
    if (p.required && (p.default === null || p.default.length === 0)) {
      problems.push(`${d.key}: required parameter ${p.slug} has no default`);
    }
  }
  const onDashboard = new Set<string>();
  for (const card of d.dashcards) {
    if (onDashboard.has(card.question))
      problems.push(`${d.key}: question ${card.question} is on the dashboard twice`);
    onDashboard.add(card.question);
    const question = questions.get(card.question);
    if (question === undefined) {
      problems.push(`${d.key}: dashcard refers to unknown question ${card.question}`);
      continue;
    }
    for (const m of card.parameterMappings) {
      const parameter = d.parameters.find((p) => p.id === m.parameterId);
      const [kind, [, tagName]] = m.target;
      const tag = question.templateTags.find((t) => t.name === tagName);
      if (parameter === undefined)
        problems.push(`${d.key}: ${card.question} is mapped to unknown parameter ${m.parameterId}`);
      if (tag === undefined) {
        problems.push(
          `${d.key}: ${card.question} has no template tag ${tagName} for a parameter mapping`,
        );
      } else if ((tag.type === 'dimension') !== (kind === 'dimension')) {
        problems.push(
          `${d.key}: ${card.question} tag ${tagName} must be mapped as ${tag.type === 'dimension' ? 'dimension' : 'variable'}`,
        );
      }
      if (
        parameter !== undefined &&
        tag !== undefined &&
        tag.type !== 'dimension' &&
        parameter.required &&
        tag.required
      ) {
        const want = parameter.default?.[0];
        if (parameter.default?.length !== 1 || want !== tag.default) {
          problems.push(
            `${d.key}: parameter ${parameter.slug} default ${JSON.stringify(parameter.default)} differs from ${card.question} tag default ${JSON.stringify(tag.default)}`,
          );
        }
      }
    }
    // Every filter drives every card it applies to.
    for (const p of d.parameters) {
      const applies = question.templateTags.some((t) => t.name === p.slug);
      const mapped = card.parameterMappings.some((m) => m.parameterId === p.id);
      if (applies && !mapped)
        problems.push(`${d.key}: filter ${p.slug} is not wired to ${card.question}`);
    }
  }
  for (const p of d.parameters) {
    if (!d.dashcards.some((c) => c.parameterMappings.some((m) => m.parameterId === p.id))) {
      problems.push(`${d.key}: filter ${p.slug} drives no card`);
    }
  }
  problems.push(...gridProblems(d.dashcards).map((p) => `${d.key}: ${p}`));
  return problems;
}

function subscriptionProblems(
  s: DesiredSubscription,
  dashboards: ReadonlyMap<string, DesiredDashboard>,
): readonly string[] {
  const problems: string[] = [];
  const dashboard = dashboards.get(s.dashboard);
  if (dashboard === undefined) problems.push(`${s.key}: dashboard ${s.dashboard} does not exist`);
  if (s.cards.length === 0)
    problems.push(`${s.key}: needs at least one card (Metabase requires it)`);
  for (const card of s.cards) {
    if (dashboard !== undefined && !dashboard.dashcards.some((c) => c.question === card.question)) {
      problems.push(`${s.key}: card ${card.question} is not on ${s.dashboard}`);
    }
  }
  const c = s.channel;
  if (!Number.isInteger(c.schedule_hour) || c.schedule_hour < 0 || c.schedule_hour > 23) {
    problems.push(`${s.key}: schedule_hour ${c.schedule_hour} is not 0–23`);
  }
  if (c.schedule_type === 'daily' && (c.schedule_day !== null || c.schedule_frame !== null)) {
    problems.push(`${s.key}: a daily schedule has no day or frame`);
  }
  if (c.schedule_type === 'weekly' && (c.schedule_day === null || c.schedule_frame !== null)) {
    problems.push(`${s.key}: a weekly schedule needs a day and no frame`);
  }
  if (
    c.schedule_type === 'monthly' &&
    (c.schedule_frame === null || (c.schedule_frame === 'mid' && c.schedule_day !== null))
  ) {
    problems.push(`${s.key}: a monthly schedule needs a frame (and no day with mid)`);
  }
  if (c.recipients.length === 0) problems.push(`${s.key}: no recipients`);
  for (const r of c.recipients) {
    if (!isDeliverableEmail(r.email))
      problems.push(`${s.key}: recipient ${JSON.stringify(r.email)} is not an email address`);
  }
  return problems;
}
