/**
 * Which Metabase behaviour a run assumes, from `GET /api/session/properties` → `version.tag`.
 * The tests run against two profiles of the emulator: 0.58 (the LTS line docker-compose runs)
 * and 0.63 (MBQL 5 dimension refs, template tags as a list, the `table` template-tag type).
 * Everything in between is read by the same code (it accepts both shapes) but is not tested.
 */

export interface AssumedProfile {
  /** What Metabase said, e.g. `v0.58.5`; null when it did not say. */
  readonly tag: string | null;
  /** The tested profile whose behaviour is assumed. */
  readonly profile: '0.58' | '0.63';
  readonly tested: boolean;
}

const tested = new Set([58, 63]);

export function assumedProfile(tag: string | null): AssumedProfile {
  const minor = tag === null ? null : /^v?[01]\.(\d+)/.exec(tag)?.[1];
  const line = minor === undefined || minor === null ? null : Number(minor);
  if (line === null) return { tag, profile: '0.58', tested: false };
  return { tag, profile: line >= 61 ? '0.63' : '0.58', tested: tested.has(line) };
}

export function describeProfile(p: AssumedProfile): string {
  return `Metabase ${p.tag ?? '(version not reported)'}: assuming the ${p.profile} behaviour profile${p.tested ? '' : ' (untested version)'}`;
}

export function untestedWarning(p: AssumedProfile): string | null {
  return p.tested
    ? null
    : `Metabase ${p.tag ?? '(version not reported)'} is not a version dtx-reports is tested against (0.58, 0.63): it assumes the ${p.profile} behaviour; run \`plan\` and check the result before relying on provision.`;
}
