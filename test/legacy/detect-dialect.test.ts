import { describe, expect, it } from 'vitest';
import { detectDialect } from '../../src/legacy/detect-dialect.ts';

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
