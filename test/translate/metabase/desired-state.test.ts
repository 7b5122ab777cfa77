import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import {
  buildMetabaseMigration,
  desiredMetabaseState,
} from '../../../src/translate/metabase/desired-state.ts';
import { gridProblems } from '../../../src/desired/metabase/dashboard-grid.ts';
import type { DesiredMetabaseState } from '../../../src/desired/metabase/model.ts';
import { validateDesiredMetabaseState } from '../../../src/desired/metabase/validate.ts';
import { aReport, aView } from './builders.ts';
import { fixtureInput } from './fixture.ts';

const migration = buildMetabaseMigration(fixtureInput);
const state = migration.state;
const question = (key: string) => {
  const q = state.questions.find((x) => x.key === key);
  if (q === undefined) throw new Error(`no ${key}`);
  return q;
};
const dashboard = (key: string) => {
  const d = state.dashboards.find((x) => x.key === key);
  if (d === undefined) throw new Error(`no ${key}`);
  return d;
};

describe('collections', () => {
  it('DTX Reports → categories with reports, Customers → one per customer, overview', () => {
    expect(state.collections.map((c) => [c.key, c.name, c.parent])).toEqual([
      ['collection:category:1', 'COI', 'collection:root'],
      ['collection:category:2', 'DOC', 'collection:root'],
      ['collection:category:8', 'Special Requests', 'collection:root'],
      ['collection:custom', 'Customers', 'collection:root'],
      ['collection:custom:1003', 'Summit Health Systems', 'collection:custom'],
      ['collection:custom:1004', 'Customer 1004', 'collection:custom'],
      ['collection:overview', 'Compliance overview', 'collection:root'],
      ['collection:root', 'DTX Reports', null],
    ]);
  });

  it("put a customer's custom reports, deliveries and used system reports in its collection, each fixed to it", () => {
    const inCustomer = (id: number) =>
      state.questions.filter((q) => q.collection === `collection:custom:${id}`).map((q) => q.key);
    expect(inCustomer(1003)).toEqual([
      'question:customer-report:135:1003',
      'question:delivery:135:1003',
      'question:delivery:500:1003',
      'question:report:500',
    ]);
    expect(inCustomer(1004)).toEqual([
      'question:customer-report:20:1004',
      'question:customer-report:135:1004',
      'question:delivery:20:1004',
    ]);
    for (const q of state.questions.filter((x) => x.collection.startsWith('collection:custom:'))) {
      const id = q.collection.split(':')[2] ?? '';
      expect(q.sql).toMatch(new RegExp(`\\nWHERE "service_org_legacy_id" = ${id}(\\n|$)`));
      expect(q.templateTags.map((t) => t.name)).not.toContain('customer');
    }
    expect(state.dashboards.filter((d) => d.collection === 'collection:custom:1004')).toHaveLength(
      1,
    );
  });

  it('names a customer from the snapshot only when its rows agree, else "Customer <id>"', () => {
    expect(question('question:delivery:20:1004').name).toBe('DOC-Expired — Customer 1004');
    const named = desiredMetabaseState({
      ...fixtureInput,
      options: { ...fixtureInput.options, customerNames: new Map([[1004, 'Bluewater']]) },
    });
    expect(named.questions.find((q) => q.key === 'question:delivery:20:1004')?.name).toBe(
      'DOC-Expired — Bluewater',
    );
  });
});

it('renames a category collection that would clash with a sibling (legacy category "Custom")', () => {
  const clash = desiredMetabaseState({
    ...fixtureInput,
    legacy: {
      ...fixtureInput.legacy,
      reports: [...fixtureInput.legacy.reports, aReport({ id: 77, categoryId: 5 })],
    },
    views: [...fixtureInput.views, aView({ legacyId: 77, name: 'system_custom' })],
  });
  expect(clash.collections.find((c) => c.key === 'collection:category:5')?.name).toBe('Custom');
  expect(clash.collections.find((c) => c.key === 'collection:custom')?.name).toBe('Customers');
  const named = desiredMetabaseState({
    ...fixtureInput,
    legacy: {
      ...fixtureInput.legacy,
      categories: fixtureInput.legacy.categories.map((c) =>
        c.id === 5 ? { ...c, name: 'Customers' } : c,
      ),
      reports: [...fixtureInput.legacy.reports, aReport({ id: 77, categoryId: 5 })],
    },
    views: [...fixtureInput.views, aView({ legacyId: 77, name: 'system_custom' })],
  });
  expect(named.collections.find((c) => c.key === 'collection:category:5')?.name).toBe(
    'Customers (category 5)',
  );
});

describe('report questions', () => {
  it('select the report columns in legacy order with safe quoting, Yes/No booleans and the filters', () => {
    expect(question('question:report:135').sql).toBe(
      [
        'SELECT',
        '  "Account Name",',
        '  "Owner\'s ""Nick"" %",',
        '  U&"Limits \\005B\\005BGL\\005D\\005D \\007B\\007Bx\\007D\\007D",',
        `  CASE WHEN "COI Compliant" THEN 'Yes' WHEN NOT "COI Compliant" THEN 'No' END AS "COI Compliant",`,
        '  "Expires",',
        '  "Compliance %",',
        '  "Contact Email",',
        '  "Peña Größe"',
        'FROM "reporting"."coi_not_in_compliance"',
        'WHERE "num_days" = {{num_days}}',
        '  [[AND {{service_org}}]]',
        '  [[AND {{client}}]]',
        '  [[AND {{date_range}}]]',
      ].join('\n'),
    );
  });

  it('describe filters as dimensions on view columns, the day count as a required number', () => {
    const tags = question('question:report:135').templateTags;
    expect(tags.map((t) => [t.name, t.type, t.required])).toEqual([
      ['num_days', 'number', true],
      ['service_org', 'dimension', false],
      ['client', 'dimension', false],
      ['date_range', 'dimension', false],
    ]);
    expect(tags[0]).toMatchObject({ default: 30 });
    expect(tags[3]).toMatchObject({
      dimension: { schema: 'reporting', view: 'coi_not_in_compliance', column: 'Expires' },
      widgetType: 'date/all-options',
    });
  });

  it('format columns from display_format', () => {
    expect(question('question:report:135').visualizationSettings.column_settings).toEqual({
      '["name","Limits [[GL]] {{x}}"]': {
        number_style: 'currency',
        currency: 'USD',
        currency_style: 'symbol',
        decimals: 2,
      },
      '["name","Expires"]': { date_style: 'M/D/YYYY', time_enabled: false },
      '["name","Compliance %"]': { number_style: 'percent', decimals: 1 },
      '["name","Contact Email"]': { view_as: 'email_link' },
    });
  });

  it('describe legacy id, internal name, the filters and what was omitted', () => {
    expect(question('question:report:135').description).toBe(
      [
        'Legacy report 135 (COI-NotCompliant).',
        'Accounts whose COI is not compliant',
        'Date filter on "Expires": a range includes both ends, like the legacy BETWEEN.',
        "Days defaults to 30, the legacy report's num_days.",
        'Changed from DTX 1.0: omitted fields ph_region (unmapped).',
      ].join('\n'),
    );
  });

  it("restrict a customer's own report to that customer with a literal, not a parameter", () => {
    const q = question('question:report:500');
    expect(q.collection).toBe('collection:custom:1003');
    expect(q.sql).toContain('WHERE "service_org_legacy_id" = 1003\n');
    expect(q.templateTags.map((t) => t.name)).toEqual(['client']);
  });

  it('offer no client filter on a view without a client column', () => {
    expect(question('question:report:10').templateTags.map((t) => t.name)).toEqual(['service_org']);
  });
});

describe('category dashboards', () => {
  it('hold the category questions in legacy sort order without overlaps', () => {
    const d = dashboard('dashboard:category:1');
    expect(d.collection).toBe('collection:category:1');
    expect(d.dashcards.map((c) => [c.question, c.row, c.col, c.sizeX, c.sizeY])).toEqual([
      ['question:report:10', 0, 0, 24, 9],
      ['question:report:135', 9, 0, 24, 9],
    ]);
    expect(gridProblems(d.dashcards)).toEqual([]);
  });

  it('wire each filter to every card that has the tag, and only those', () => {
    const d = dashboard('dashboard:category:1');
    const id = (slug: string) => d.parameters.find((p) => p.slug === slug)?.id;
    expect(d.parameters.map((p) => p.slug)).toEqual(['service_org', 'client', 'date_range']);
    expect(d.dashcards[0]?.parameterMappings).toEqual([
      { parameterId: id('service_org'), target: ['dimension', ['template-tag', 'service_org']] },
    ]);
    expect(d.dashcards[1]?.parameterMappings.map((m) => m.target[1][1])).toEqual([
      'service_org',
      'client',
      'date_range',
    ]);
  });

  it('use deterministic parameter ids: first 8 hex of sha256(dashboard key + slug)', () => {
    const expected = createHash('sha256')
      .update('dashboard:category:1:client')
      .digest('hex')
      .slice(0, 8);
    expect(dashboard('dashboard:category:1').parameters.find((p) => p.slug === 'client')?.id).toBe(
      expected,
    );
    expect(desiredMetabaseState(fixtureInput)).toEqual(state);
  });

  it('exist for Special Requests, not for customer reports', () => {
    expect(state.dashboards.map((d) => d.key)).toEqual([
      'dashboard:category:1',
      'dashboard:category:2',
      'dashboard:category:8',
      'dashboard:compliance-overview',
      'dashboard:delivery:20:1004',
      'dashboard:delivery:135:1003',
      'dashboard:delivery:500:1003',
    ]);
  });
});

describe('compliance overview', () => {
  it('reads the base view named in the options, filtered by service org and client everywhere', () => {
    const custom = desiredMetabaseState({
      ...fixtureInput,
      options: { ...fixtureInput.options, baseView: { schema: 'rpt', name: 'base' } },
    });
    const overview = custom.questions.filter((q) => q.key.startsWith('question:overview:'));
    expect(overview.map((q) => q.key)).toEqual([
      'question:overview:by-service-org',
      'question:overview:coi-compliance',
      'question:overview:doc-compliance',
      'question:overview:expiration-trend',
      'question:overview:expired',
      'question:overview:expiring-30-days',
      'question:overview:no-certificate',
      'question:overview:records',
    ]);
    for (const q of overview) expect(q.sql).toContain('FROM "rpt"."base"');
    const d = custom.dashboards.find((x) => x.key === 'dashboard:compliance-overview');
    expect(d?.dashcards.every((c) => c.parameterMappings.length === 2)).toBe(true);
    expect(gridProblems(d?.dashcards ?? [])).toEqual([]);
    expect(state.questions.find((q) => q.key === 'question:overview:records')?.sql).toContain(
      'FROM "reporting"."base_record"',
    );
  });
});

describe('delivery dashboards (fail closed)', () => {
  it('hold one card whose customer is fixed in the SQL as a literal (no parameter to change)', () => {
    const q = question('question:delivery:135:1003');
    expect(q.collection).toBe('collection:custom:1003');
    expect(q.sql).toMatch(
      /\nWHERE "service_org_legacy_id" = 1003\n {2}AND "num_days" = \{\{num_days\}\}$/,
    );
    expect(q.templateTags.map((t) => t.name)).toEqual(['num_days']);
    const d = dashboard('dashboard:delivery:135:1003');
    expect(d.parameters.map((p) => [p.slug, p.type, p.default, p.required])).toEqual([
      ['num_days', 'number/=', [30], true],
    ]);
    expect(d.dashcards).toEqual([
      {
        question: 'question:delivery:135:1003',
        row: 0,
        col: 0,
        sizeX: 24,
        sizeY: 12,
        parameterMappings: [
          { parameterId: d.parameters[0]?.id, target: ['variable', ['template-tag', 'num_days']] },
        ],
      },
    ]);
  });

  it('carry one subscription per schedule and weekday (state lists sort by key)', () => {
    expect(
      state.subscriptions
        .filter((s) => s.dashboard === 'dashboard:delivery:135:1003')
        .map((s) => s.key),
    ).toEqual([
      'subscription:schedule:3:sat',
      'subscription:schedule:4:fri',
      'subscription:schedule:4:mon',
      'subscription:schedule:4:thu',
      'subscription:schedule:4:tue',
      'subscription:schedule:4:wed',
    ]);
  });

  it('report every schedule in the manifest outcome', () => {
    expect(migration.schedules.map((s) => [s.legacyId, s.status])).toEqual([
      [3, 'mapped'],
      [4, 'mapped'],
      [5, 'approximated'],
      [6, 'skipped'],
      [7, 'mapped'],
    ]);
  });
});

describe('validateDesiredMetabaseState', () => {
  it('accepts the generated state', () => {
    expect(validateDesiredMetabaseState(state)).toEqual([]);
  });

  const tamper = (change: (s: DesiredMetabaseState) => DesiredMetabaseState) =>
    validateDesiredMetabaseState(change(state));

  it('catches a dashcard pointing at a missing question', () => {
    expect(
      tamper((s) => ({
        ...s,
        questions: s.questions.filter((q) => q.key !== 'question:report:10'),
      })),
    ).toContain('dashboard:category:1: dashcard refers to unknown question question:report:10');
  });

  it('catches a subscription whose dashboard is gone', () => {
    const problems = tamper((s) => ({
      ...s,
      dashboards: s.dashboards.filter((d) => d.key !== 'dashboard:delivery:500:1003'),
    }));
    expect(problems).toContain(
      'subscription:schedule:5:monthly: dashboard dashboard:delivery:500:1003 does not exist',
    );
  });

  it('catches a customer restriction made optional', () => {
    const problems = tamper((s) => ({
      ...s,
      questions: s.questions.map((q) =>
        q.key === 'question:delivery:135:1003'
          ? {
              ...q,
              sql: q.sql.replace(
                'WHERE "service_org_legacy_id" = 1003',
                'WHERE true [[AND "service_org_legacy_id" = 1003 AND {{num_days}} > 0]]',
              ),
            }
          : q,
      ),
    }));
    expect(problems).toContain(
      "question:delivery:135:1003: in customer 1003's collection, its SQL must fix the customer as a literal (WHERE <customer column> = 1003, outside [[ ]])",
    );
  });

  it('catches a customer question fixed to another customer, or moved out of its collection', () => {
    const problems = tamper((s) => ({
      ...s,
      questions: s.questions.map((q) =>
        q.key === 'question:customer-report:135:1003'
          ? { ...q, sql: q.sql.replace('= 1003', '= 1004') }
          : q.key === 'question:delivery:20:1004'
            ? { ...q, collection: 'collection:category:2' as const }
            : q,
      ),
    }));
    expect(problems).toContain(
      "question:customer-report:135:1003: in customer 1003's collection, its SQL must fix the customer as a literal (WHERE <customer column> = 1003, outside [[ ]])",
    );
    expect(problems).toContain(
      "question:delivery:20:1004: a customer's question belongs in that customer's collection",
    );
  });

  it('catches overlaps, unwired filters, mappings to missing tags and non-deterministic parameter ids', () => {
    const problems = tamper((s) => ({
      ...s,
      dashboards: s.dashboards.map((d) =>
        d.key === 'dashboard:category:1'
          ? {
              ...d,
              parameters: d.parameters.map((p) =>
                p.slug === 'date_range' ? { ...p, id: 'ffffffff' } : p,
              ),
              dashcards: d.dashcards.map((c, i) =>
                i === 0
                  ? {
                      ...c,
                      row: 5,
                      parameterMappings: [
                        {
                          parameterId: d.parameters[1]?.id ?? '',
                          target: ['dimension', ['template-tag', 'client']] as const,
                        },
                      ],
                    }
                  : c,
              ),
            }
          : d,
      ),
    }));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('dashboard:category:1: parameter date_range has id ffffffff'),
        'dashboard:category:1: question:report:10 has no template tag client for a parameter mapping',
        'dashboard:category:1: filter service_org is not wired to question:report:10',
        'dashboard:category:1: cards 0 and 1 overlap',
      ]),
    );
  });
});

describe('input errors', () => {
  it('rejects unknown time zones and bad reference dates', () => {
    expect(() =>
      desiredMetabaseState({
        ...fixtureInput,
        options: { today: '2025-07-15', reportTimeZone: 'Mars/Olympus' },
      }),
    ).toThrow(InputError);
    expect(() => desiredMetabaseState({ ...fixtureInput, options: { today: 'today' } })).toThrow(
      InputError,
    );
  });

  it('rejects a view for a report the export does not have', () => {
    expect(() =>
      desiredMetabaseState({
        ...fixtureInput,
        views: [...fixtureInput.views, aView({ legacyId: 4242 })],
      }),
    ).toThrow('The report views do not match the legacy export.');
  });
});
