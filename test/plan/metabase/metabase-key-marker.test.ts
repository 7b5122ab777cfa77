import { describe, expect, it } from 'vitest';
import {
  describeWithKey,
  descriptionWithoutKey,
  keyFromDescription,
  keyFromName,
  nameWithKey,
  nameWithoutKey,
} from '../../../src/plan/metabase/metabase-key-marker.ts';

describe('managed marker', () => {
  it('round-trips a key through a description, keeping the human text', () => {
    const text = describeWithKey(
      'Legacy report 135 (COI-Not in Compliance).\nOmitted: ph_region',
      'question:report:135',
    );
    expect(keyFromDescription(text)).toBe('question:report:135');
    expect(descriptionWithoutKey(text)).toBe(
      'Legacy report 135 (COI-Not in Compliance).\nOmitted: ph_region',
    );
  });

  it('handles an empty description', () => {
    const text = describeWithKey('', 'collection:root');
    expect(keyFromDescription(text)).toBe('collection:root');
    expect(descriptionWithoutKey(text)).toBe('');
  });

  it('does not claim objects without a marker', () => {
    expect(keyFromDescription('An analyst question about key: x')).toBeNull();
    expect(keyFromDescription(null)).toBeNull();
    expect(keyFromName('Weekly report')).toBeNull();
  });

  it('round-trips a key through a pulse name', () => {
    const name = nameWithKey('DOC-Not in Compliance for Summit', 'subscription:schedule:3:sat');
    expect(keyFromName(name)).toBe('subscription:schedule:3:sat');
    expect(nameWithoutKey(name)).toBe('DOC-Not in Compliance for Summit');
  });
});
