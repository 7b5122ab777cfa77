import { describe, expect, it } from 'vitest';
import type { TemplateTag } from '../../../src/desired/metabase/model.ts';
import {
  parseNativeQuery,
  renderNativeQuery,
} from '../../../src/desired/metabase/native-query-template.ts';

const customer: TemplateTag = {
  name: 'customer',
  id: '00000000-0000-0000-0000-000000000001',
  displayName: 'Customer (legacy id)',
  type: 'number',
  required: true,
  default: null,
};
const note: TemplateTag = {
  ...customer,
  name: 'note',
  displayName: 'Note',
  type: 'text',
  required: false,
};
const client: TemplateTag = {
  name: 'client',
  id: '00000000-0000-0000-0000-000000000002',
  displayName: 'Client',
  type: 'dimension',
  required: false,
  dimension: { schema: 'reporting', view: 'v', column: 'client_name' },
  widgetType: 'string/=',
};
const sql = 'SELECT * FROM t WHERE "so" = {{customer}} [[AND note = {{ note }}]] AND {{client}}';

describe('renderNativeQuery', () => {
  it('pastes a number and drops an optional clause whose tag has no value', () => {
    expect(renderNativeQuery(sql, [customer, note, client], { customer: 1003 })).toBe(
      'SELECT * FROM t WHERE "so" = 1003  AND 1 = 1',
    );
  });

  it('keeps the optional clause and quotes text when a value is given', () => {
    expect(
      renderNativeQuery(sql, [customer, note, client], {
        customer: '1003',
        note: "it's",
        client: 'Acme',
      }),
    ).toBe(
      `SELECT * FROM t WHERE "so" = 1003 AND note = 'it''s' AND "reporting"."v"."client_name" = 'Acme'`,
    );
  });

  it('uses the tag default when no value is given', () => {
    expect(renderNativeQuery(sql, [{ ...customer, default: 1004 }, note, client], {})).toContain(
      '"so" = 1004',
    );
  });

  it('errors when a required tag outside [[ ]] has neither value nor default', () => {
    expect(() => renderNativeQuery(sql, [customer, note, client], {})).toThrow(
      "You'll need to pick a value for 'Customer (legacy id)'",
    );
    expect(() => renderNativeQuery(sql, [customer, note, client], { customer: [] })).toThrow(
      'pick a value',
    );
  });

  it('refuses a number value that is not a number (no SQL can be smuggled in)', () => {
    expect(() =>
      renderNativeQuery(sql, [customer, note, client], { customer: '1003 OR true' }),
    ).toThrow('needs a number');
  });

  it('pastes several numbers as a list, like Metabase', () => {
    expect(renderNativeQuery(sql, [customer, note, client], { customer: [1003, 1004] })).toContain(
      '= 1003, 1004',
    );
  });

  it('renders a multi-value field filter as IN', () => {
    expect(renderNativeQuery('WHERE {{client}}', [client], { client: ['a', 'b'] })).toBe(
      `WHERE "reporting"."v"."client_name" IN ('a', 'b')`,
    );
  });

  it('errors on a tag the question does not define', () => {
    expect(() => renderNativeQuery('SELECT {{nope}}', [], {})).toThrow('defines no such tag');
  });
});

describe('parseNativeQuery', () => {
  it('rejects broken optional syntax', () => {
    expect(() => parseNativeQuery('a [[ b')).toThrow('Unclosed');
    expect(() => parseNativeQuery('a ]] b')).toThrow('without');
    expect(() => parseNativeQuery('[[ a [[ b ]] ]]')).toThrow('Nested');
    expect(() => parseNativeQuery('{{ bad tag }}')).toThrow('Malformed');
  });
});
