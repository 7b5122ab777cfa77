import { describe, expect, it } from 'vitest';
import { detectDialect, dialectContradiction } from '../../src/legacy/detect-dialect.ts';

describe('detectDialect', () => {
  it.each([
    ['id,a\n1,\\N\n', 'mysql'],
    ['id,a\r\n1,\\N\r\n', 'mysql'],
    ['id,a\n1,NULL\n', 'rfc'],
    ['id,a\r\n1,x\r\n', 'rfc'],
    ['id,a\n1,"x\\"y"\n', 'mysql'],
    ['id,a\n1,x\n', 'rfc'],
    ['id,a\n1,"NULL"\n', 'rfc'],
    ['id,a\n1,C:\\New\n', 'mysql'],
  ] as const)('%j is %s', (head, dialect) => {
    expect(detectDialect(head)).toBe(dialect);
  });
});

describe('dialectContradiction (issue 11, row 4c)', () => {
  it.each([
    ['id,a\r\n1,NULL\r\n', 'mysql', 'it writes NULL as the bare word NULL'],
    ['id,a\r\n1,x\r\n', 'mysql', 'its lines end with CRLF'],
    ['id,a\n1,\\N\n', 'rfc', 'it writes NULL as \\N'],
    ['id,a\n1,\\N\n', 'mysql', null],
    ['id,a\r\n1,NULL\r\n', 'rfc', null],
    ['id,a\n1,C:\\New\n', 'rfc', null],
    ['id,a\n1,x\n', 'mysql', null],
  ] as const)('%j given %s → %s', (head, given, expected) => {
    expect(dialectContradiction(head, given)).toBe(expected);
  });
});
