import type { CompareKind } from './snapshot-columns.ts';

/**
 * Both sides of a comparison brought to one canonical text, or null for "no value". The rules are
 * FORMAT.md's: statuses lower-cased with `-` and spaces read as `_`; dates compared as dates (the
 * DTX 1.0 timestamps carry no zone, the DTX 2.0 ones are read in the session's zone); booleans in
 * both legacy encodings (`yes`/`no`, `1`/`0`) and Postgres' `true`/`false`; numbers as decimals;
 * `PH_*_RiskProfile_ID` only as "has a profile or not" (-1 = none; DTX 2.0 keeps no legacy ids).
 * A value that does not read as its kind is kept verbatim (prefixed) so it shows in the examples
 * and never compares equal to a well-formed one by accident.
 */
const unreadable = (text: string) => `unreadable:${text}`;

function decimal(text: string): string | null {
  const match = /^\s*(-?)(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (match === null || (match[2] === '' && (match[3] ?? '') === '')) return null;
  const whole = (match[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const sign = match[1] === '-' && !(whole === '0' && fraction === '') ? '-' : '';
  return `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

function booleanOf(text: string): string | null {
  switch (text.trim().toLowerCase()) {
    case 'yes':
    case '1':
    case 'true':
    case 't':
      return 'true';
    case 'no':
    case '0':
    case 'false':
    case 'f':
      return 'false';
    default:
      return null;
  }
}

function dateOf(text: string): string | null {
  const match = /^\s*(\d{4}-\d{2}-\d{2})(?:[ T]|$)/.exec(text);
  if (match === null) return null;
  return match[1] ?? null;
}

/** `Kevin Patel` and `K. Patel` both read `k. patel`: report_data abbreviates first names. */
function personInitial(text: string): string {
  const words = text.trim().split(/\s+/);
  const [first, ...rest] = words;
  if (first === undefined || rest.length === 0) return text.trim().toLowerCase();
  const initial = first.replace(/\.$/, '').charAt(0);
  return `${initial}. ${rest.join(' ')}`.toLowerCase();
}

export type Side = 'snapshot' | 'dtx2';

export function normaliseValue(kind: CompareKind, side: Side, raw: string | null): string | null {
  // The base layer writes "no profile" as NULL (coi_risk_profile) or 'None' (doc_risk_profile).
  const noValue = raw === null || raw.trim() === '';
  if (noValue) return kind === 'profile-presence' && side === 'dtx2' ? 'no profile' : null;
  const text = raw.trim();
  switch (kind) {
    case 'legacy-id':
    case 'number':
      return decimal(text) ?? unreadable(text);
    case 'text':
      return text;
    case 'email':
      return text.toLowerCase();
    case 'status':
      return text.toLowerCase().replace(/[-\s]+/g, '_');
    case 'person-initial':
      return personInitial(text);
    case 'boolean':
      return booleanOf(text) ?? unreadable(text);
    case 'date':
      if (text.startsWith('0000-00-00')) return null;
      return dateOf(text) ?? unreadable(text);
    case 'profile-presence':
      if (side === 'snapshot') {
        const id = decimal(text);
        if (id === null) return unreadable(text);
        return id === '-1' || id === '0' ? 'no profile' : 'has a profile';
      }
      return text === 'None' ? 'no profile' : 'has a profile';
  }
}
