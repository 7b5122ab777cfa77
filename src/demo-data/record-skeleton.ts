import type { DemoLayout } from './demo-layout.ts';
import { stream } from './demo-layout.ts';
import { deriveSeed, type Rng } from './prng.ts';
import { documentTypes } from './word-lists.ts';

/**
 * The facts about one record that several tables must agree on (how many certificates and of which
 * status, which documents, which alerts), as day offsets from the reference date. Drawn from the
 * record's own stream, so record i has the same skeleton in every pass: each table is produced in
 * its own pass over the records and child ids still line up.
 *
 * The mix (per record): 7 % never sent a certificate, 3 % only old (non-current) ones, 90 % a
 * current one, which expired (13 %), expires within 7 / 30 / 60 / 90 days (5 / 8 / 8 / 8 %) or later.
 * Every event lies in the past (day ≤ −1); expiration dates may lie in the future.
 */
export type CertificateStatus = 'pending' | 'compliant' | 'non_compliant' | 'expired' | 'rejected';
export type DocumentStatus = 'pending' | 'compliant' | 'non_compliant' | 'missing' | 'expired';
export type NotificationKind =
  'coi_first_alert' | 'coi_second_alert' | 'coi_final_alert' | 'doc_alert' | 'ping';

export interface CertificateSkeleton {
  readonly current: boolean;
  readonly status: CertificateStatus;
  readonly effectiveDay: number;
  readonly expirationDay: number;
  readonly receivedDay: number;
  readonly reviewedDay: number | null;
  /** Bits: 1 general liability, 2 automobile, 4 umbrella, 8 workers' comp. */
  readonly coverageMask: number;
  readonly unresolvedDeficiencies: number;
  readonly resolvedDeficiencies: number;
  readonly extractions: number;
}

export interface DocumentSkeleton {
  readonly typeIndex: number;
  readonly status: DocumentStatus;
  readonly current: boolean;
  readonly receivedDay: number | null;
  readonly expirationDay: number | null;
}

export interface NotificationSkeleton {
  readonly kind: NotificationKind;
  readonly day: number;
}

export interface RecordSkeleton {
  readonly index: number;
  readonly client: number;
  readonly legacyPhId: number | null;
  readonly status: 'active' | 'inactive' | 'pending';
  readonly createdDay: number;
  readonly lastEventDay: number;
  /** Oldest first; the current certificate (if any) last. */
  readonly certificates: readonly CertificateSkeleton[];
  readonly documents: readonly DocumentSkeleton[];
  /** Oldest first. */
  readonly notifications: readonly NotificationSkeleton[];
}

const expirationBuckets: readonly (readonly [number, number, number])[] = [
  // weight, first day, last day
  [13, -400, -1],
  [5, 0, 7],
  [8, 8, 30],
  [8, 31, 60],
  [8, 61, 90],
  [58, 91, 365],
];
const expirationWeights = expirationBuckets.map(([weight]) => weight);

function coverageMask(rng: Rng): number {
  let mask = 0;
  if (rng.chance(0.95)) mask |= 1;
  if (rng.chance(0.72)) mask |= 2;
  if (rng.chance(0.45)) mask |= 4;
  if (rng.chance(0.62)) mask |= 8;
  return mask === 0 ? 1 : mask;
}

function currentStatus(rng: Rng, expirationDay: number): CertificateStatus {
  if (expirationDay < 0)
    return rng.pick([
      'expired',
      'expired',
      'expired',
      'expired',
      'expired',
      'expired',
      'non_compliant',
      'compliant',
    ] as const);
  const roll = rng.next();
  return roll < 0.62
    ? 'compliant'
    : roll < 0.82
      ? 'non_compliant'
      : roll < 0.96
        ? 'pending'
        : 'rejected';
}

function deficiencyCounts(
  rng: Rng,
  status: CertificateStatus,
  current: boolean,
): readonly [number, number] {
  if (!current) return status === 'rejected' ? [1, 0] : [0, rng.chance(0.3) ? 1 : 0];
  switch (status) {
    case 'non_compliant':
      return [rng.int(1, 3), rng.int(0, 2)];
    case 'compliant':
      return [0, rng.chance(0.25) ? rng.int(1, 2) : 0];
    case 'expired':
      return [rng.chance(0.5) ? rng.int(1, 2) : 0, rng.chance(0.2) ? 1 : 0];
    case 'rejected':
      return [rng.int(1, 2), 0];
    case 'pending':
      return [0, 0];
  }
}

function certificate(
  rng: Rng,
  current: boolean,
  status: CertificateStatus,
  expirationDay: number,
): CertificateSkeleton {
  const effectiveDay = expirationDay - 365;
  const receivedDay =
    status === 'pending' ? -rng.int(1, 15) : Math.min(-1, effectiveDay + rng.int(-20, 25));
  const reviewedDay = status === 'pending' ? null : Math.min(-1, receivedDay + rng.int(0, 6));
  const [unresolved, resolved] = deficiencyCounts(rng, status, current);
  return {
    current,
    status,
    effectiveDay,
    expirationDay,
    receivedDay,
    reviewedDay,
    coverageMask: coverageMask(rng),
    unresolvedDeficiencies: unresolved,
    resolvedDeficiencies: resolved,
    extractions: current ? rng.weighted([15, 70, 15]) : rng.int(0, 1),
  };
}

function historicStatus(rng: Rng): CertificateStatus {
  const roll = rng.next();
  return roll < 0.7 ? 'expired' : roll < 0.9 ? 'compliant' : 'rejected';
}

const documentStatusWeights = [55, 12, 8, 15, 10];
const documentStatuses: readonly DocumentStatus[] = [
  'compliant',
  'pending',
  'non_compliant',
  'missing',
  'expired',
];
const neverExpires = new Set(['W-9', 'Master Services Agreement']);

function documents(rng: Rng): DocumentSkeleton[] {
  const count = rng.weighted([25, 20, 25, 18, 12]);
  const types = documentTypes.map((_, index) => index);
  const result: DocumentSkeleton[] = [];
  for (let slot = 0; slot < count; slot += 1) {
    const swap = rng.int(slot, types.length - 1);
    const typeIndex = types[swap] ?? 0;
    types[swap] = types[slot] ?? 0;
    types[slot] = typeIndex;
    const status = documentStatuses[rng.weighted(documentStatusWeights)] ?? 'compliant';
    const expires = !neverExpires.has(documentTypes[typeIndex] ?? '');
    if (status !== 'missing' && rng.chance(0.12)) {
      // A superseded earlier version of the same document.
      const oldReceived = -rng.int(500, 1500);
      result.push({
        typeIndex,
        status: expires ? 'expired' : 'compliant',
        current: false,
        receivedDay: oldReceived,
        expirationDay: expires ? oldReceived + 365 : null,
      });
    }
    if (status === 'missing') {
      result.push({ typeIndex, status, current: true, receivedDay: null, expirationDay: null });
    } else if (status === 'expired') {
      result.push({
        typeIndex,
        status,
        current: true,
        receivedDay: -rng.int(200, 900),
        expirationDay: -rng.int(1, 180),
      });
    } else {
      result.push({
        typeIndex,
        status,
        current: true,
        receivedDay: -rng.int(1, 700),
        expirationDay: expires ? rng.int(1, 540) : null,
      });
    }
  }
  return result;
}

function alertSeries(rng: Rng, start: number, into: NotificationSkeleton[]): void {
  if (start > -1 || !rng.chance(0.9)) return;
  into.push({ kind: 'coi_first_alert', day: start });
  const second = start + rng.int(10, 16);
  if (second > -1 || !rng.chance(0.75)) return;
  into.push({ kind: 'coi_second_alert', day: second });
  const final = second + rng.int(7, 10);
  if (final > -1 || !rng.chance(0.7)) return;
  into.push({ kind: 'coi_final_alert', day: final });
}

export function recordSkeleton(layout: DemoLayout, index: number, rng: Rng): RecordSkeleton {
  rng.reset(deriveSeed(layout.options.seed, stream.skeleton, index));
  const legacyRecord = layout.legacyRecords[index];
  let client: number;
  if (legacyRecord) {
    client = legacyRecord.client;
  } else {
    // Half the records cluster on the first clients (big customers), half spread evenly.
    const roll = rng.next();
    const position = rng.chance(0.5) ? roll * roll : roll;
    client = Math.min(layout.clients.length - 1, Math.floor(position * layout.clients.length));
  }

  const certificates: CertificateSkeleton[] = [];
  const notifications: NotificationSkeleton[] = [];
  // Records carried from report_data always have a current certificate (with a general-liability
  // line) and a current document: snapshot-alignment.ts gives them the snapshot's values.
  const drawnScenario = rng.weighted([7, 3, 90]);
  const scenario = legacyRecord ? 2 : drawnScenario;
  if (scenario === 1) {
    let expirationDay = -rng.int(30, 500);
    const count = rng.int(1, 2);
    for (let n = 0; n < count; n += 1) {
      certificates.unshift(certificate(rng, false, historicStatus(rng), expirationDay));
      expirationDay -= 365;
    }
    alertSeries(rng, -rng.int(20, 200), notifications);
  } else if (scenario === 2) {
    const [, first, last] = expirationBuckets[rng.weighted(expirationWeights)] ?? [0, 91, 365];
    const expirationDay = rng.int(first, last);
    const status = currentStatus(rng, expirationDay);
    const drawn = certificate(rng, true, status, expirationDay);
    const current = legacyRecord ? { ...drawn, coverageMask: drawn.coverageMask | 1 } : drawn;
    const history = rng.weighted([55, 35, 10]);
    let olderExpiration = current.effectiveDay;
    for (let n = 0; n < history; n += 1) {
      certificates.unshift(certificate(rng, false, historicStatus(rng), olderExpiration));
      olderExpiration -= 365;
    }
    certificates.push(current);
    for (const old of certificates) {
      if (old.current) continue;
      if (rng.chance(0.4))
        notifications.push({ kind: 'coi_first_alert', day: old.expirationDay - 30 });
      if (rng.chance(0.2))
        notifications.push({ kind: 'coi_second_alert', day: old.expirationDay - 14 });
    }
    if (status === 'non_compliant' || status === 'rejected') {
      alertSeries(rng, (current.reviewedDay ?? current.receivedDay) + rng.int(1, 3), notifications);
    } else if (expirationDay <= 60 && status !== 'pending') {
      alertSeries(rng, expirationDay - 45 + rng.int(0, 3), notifications);
    }
  } else {
    alertSeries(rng, -rng.int(20, 200), notifications);
  }

  const docs = documents(rng);
  if (legacyRecord && !docs.some((doc) => doc.current)) {
    docs.push({
      typeIndex: 0,
      status: 'compliant',
      current: true,
      receivedDay: -30,
      expirationDay: 335,
    });
  }
  for (const doc of docs) {
    if (!doc.current || (doc.status !== 'missing' && doc.status !== 'expired')) continue;
    if (rng.chance(0.85)) notifications.push({ kind: 'doc_alert', day: -rng.int(1, 60) });
    if (rng.chance(0.4)) notifications.push({ kind: 'doc_alert', day: -rng.int(61, 150) });
  }
  const pings = rng.weighted([40, 30, 20, 10]);
  for (let n = 0; n < pings; n += 1) notifications.push({ kind: 'ping', day: -rng.int(1, 240) });
  notifications.sort((a, b) => a.day - b.day);

  let earliest = -1;
  let latest = -4000;
  for (const cert of certificates) {
    earliest = Math.min(earliest, cert.receivedDay);
    latest = Math.max(latest, cert.reviewedDay ?? cert.receivedDay);
  }
  for (const doc of docs) {
    if (doc.receivedDay === null) continue;
    earliest = Math.min(earliest, doc.receivedDay);
    latest = Math.max(latest, doc.receivedDay);
  }
  for (const note of notifications) {
    earliest = Math.min(earliest, note.day);
    latest = Math.max(latest, note.day);
  }
  const createdDay = Math.min(-rng.int(5, 2600), earliest - rng.int(1, 45));
  const statusRoll = rng.next();
  const status = statusRoll < 0.86 ? 'active' : statusRoll < 0.93 ? 'inactive' : 'pending';
  const legacyPhId = legacyRecord
    ? legacyRecord.phId
    : rng.chance(0.85)
      ? layout.generatedPhIdBase + index
      : null;
  return {
    index,
    client,
    legacyPhId,
    status,
    createdDay,
    lastEventDay: Math.max(createdDay, latest),
    certificates,
    documents: docs,
    notifications,
  };
}
