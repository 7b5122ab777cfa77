import { officeSecond } from './calendar.ts';
import { copyLine } from './copy-text.ts';
import { stream, type DemoLayout } from './demo-layout.ts';
import type { DemoTableName } from './demo-tables.ts';
import { address, personName, phone, slug, vendorName } from './names.ts';
import { deriveSeed, Rng } from './prng.ts';
import {
  recordSkeleton,
  type CertificateSkeleton,
  type RecordSkeleton,
} from './record-skeleton.ts';
import {
  deficiencies,
  departments,
  documentTypes,
  regions,
  vendorCategories,
  vendorNotes,
} from './word-lists.ts';

/**
 * The rows of each demo table as COPY text, produced lazily in chunks of about 64 KiB so a load of
 * millions of records streams in constant memory. Tables that hang off records are produced by a
 * pass over all records each (the record skeleton is re-derived per pass; see record-skeleton.ts).
 */
const chunkSize = 65_536;

export interface RowTally {
  rows: number;
}

type RecordEmitter = (
  skeleton: RecordSkeleton,
  rng: Rng,
  ids: IdCounters,
  layout: DemoLayout,
) => string;

interface IdCounters {
  certificate: number;
  child: number;
}

const coverageTypes = ['general_liability', 'automobile', 'umbrella', 'workers_comp'] as const;
const policyPrefixes = ['GL', 'BA', 'UMB', 'WC'] as const;

/** Time of an event on `day` that must come after one at `earlierSecond` on `earlierDay`. */
function secondAfter(rng: Rng, day: number, earlierDay: number, earlierSecond: number): number {
  return day === earlierDay ? earlierSecond + rng.int(60, 3_000) : officeSecond(rng.next());
}

function money(value: number | null): string | null {
  return value === null ? null : `${value}.00`;
}

function limitsFor(rng: Rng, type: number): readonly [number | null, number | null] {
  switch (type) {
    case 0: {
      const each = rng.pick([
        500_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 2_000_000, 2_000_000,
      ]);
      return [each, rng.chance(0.15) ? each * 3 : each * 2];
    }
    case 1:
      return [rng.pick([500_000, 1_000_000, 1_000_000, 1_000_000, 2_000_000]), null];
    case 2: {
      const each = rng.pick([1_000_000, 2_000_000, 5_000_000, 5_000_000, 10_000_000]);
      return [each, each];
    }
    default:
      return [rng.chance(0.8) ? rng.pick([500_000, 1_000_000, 1_000_000]) : null, null];
  }
}

/** Carriers are not equally popular: a few write most policies. */
function carrierId(rng: Rng, layout: DemoLayout): number {
  const roll = rng.next();
  return 1 + Math.floor(roll * roll * layout.carrierCount);
}

function riskProfileFor(
  rng: Rng,
  layout: DemoLayout,
  skeleton: RecordSkeleton,
  kind: 'coi' | 'doc',
): number | null {
  const org = layout.serviceOrgs[layout.clients[skeleton.client]?.serviceOrg ?? 0];
  const own = kind === 'coi' ? org?.coiProfileIds : org?.docProfileIds;
  const global = kind === 'coi' ? layout.globalCoiProfileIds : layout.globalDocProfileIds;
  const roll = rng.next();
  if (own && own.length > 0 && roll < (kind === 'coi' ? 0.8 : 0.65)) return rng.pick(own);
  if (roll < 0.9) return rng.pick(global);
  return null;
}

function customFields(rng: Rng): string {
  if (rng.chance(0.1)) return '{}';
  const parts: string[] = [];
  const add = (key: number, probability: number, value: () => string) => {
    if (rng.chance(probability)) parts.push(`"custom_${key}": "${value()}"`);
  };
  add(1, 0.8, () => rng.pick(regions));
  add(2, 0.7, () => `CC-${rng.int(1000, 9999)}`);
  add(3, 0.6, () => `PRJ-${rng.int(100, 999)}`);
  add(4, 0.55, () => `C${rng.int(2015, 2025)}-${String(rng.int(1, 9999)).padStart(4, '0')}`);
  add(5, 0.5, () => rng.pick(['Low', 'Medium', 'High']));
  add(6, 0.4, () => rng.pick(departments));
  add(7, 0.35, () => `PO${rng.int(100000, 999999)}`);
  add(8, 0.3, () => rng.pick(vendorCategories));
  add(9, 0.25, () => `P${String(rng.int(1, 999)).padStart(3, '0')}`);
  add(
    10,
    0.2,
    () => `${String.fromCharCode(65 + rng.int(0, 25))}${String.fromCharCode(65 + rng.int(0, 25))}`,
  );
  add(11, 0.15, () => rng.pick(['Yes', 'No']));
  add(12, 0.12, () => rng.pick(['Yes', 'No']));
  add(13, 0.1, () => rng.pick(vendorNotes));
  add(14, 0.08, () => `Site ${rng.int(1, 80)}`);
  add(15, 0.05, () => `L-${rng.int(10000, 99999)}`);
  return `{${parts.join(', ')}}`;
}

const emitRecord: RecordEmitter = (skeleton, rng, _ids, layout) => {
  const { calendar } = layout;
  const id = skeleton.index + 1;
  const company = vendorName(rng);
  const createdSecond = officeSecond(rng.next());
  const place = address(rng);
  const contact = personName(rng);
  // Lifecycle timestamps in order: created ≤ activated ≤ inactivated ≤ updated.
  let day = skeleton.createdDay;
  let second = createdSecond;
  const at = (next: number): string => {
    second = secondAfter(rng, next, day, second);
    day = next;
    return calendar.timestamp(day, second);
  };
  const created = calendar.timestamp(day, second);
  const activated = skeleton.status === 'pending' ? null : at(Math.min(-1, day + rng.int(0, 10)));
  const inactivated =
    skeleton.status === 'inactive'
      ? at(Math.min(-1, Math.max(day, skeleton.lastEventDay) + rng.int(1, 120)))
      : null;
  const updated = at(Math.min(-1, Math.max(day, skeleton.lastEventDay) + rng.int(0, 20)));
  return copyLine([
    id,
    layout.clients[skeleton.client]?.accountId ?? null,
    rng.chance(0.85) ? rng.int(1, layout.brokerCount) : null,
    company.name,
    skeleton.status,
    rng.chance(0.03),
    rng.chance(0.02),
    rng.chance(0.7) ? `V${String(id).padStart(7, '0')}` : null,
    rng.chance(0.65) ? `${rng.int(10, 99)}-${rng.int(1_000_000, 9_999_999)}` : null,
    place.line1,
    place.line2,
    place.city,
    place.state,
    place.postalCode,
    'US',
    rng.chance(0.92) ? `${contact.first} ${contact.last}` : null,
    rng.chance(0.9) ? `${slug(contact.first)}.${slug(contact.last)}@${company.domain}` : null,
    rng.chance(0.93) ? phone(rng, place.areaCode) : null,
    customFields(rng),
    skeleton.legacyPhId,
    created,
    activated,
    inactivated,
    updated,
  ]);
};

/** Runs `each` over the record's certificates with their ids. */
function eachCertificate(
  skeleton: RecordSkeleton,
  ids: IdCounters,
  each: (certificate: CertificateSkeleton, certificateId: number) => string,
): string {
  let out = '';
  for (const certificate of skeleton.certificates) {
    ids.certificate += 1;
    out += each(certificate, ids.certificate);
  }
  return out;
}

/** Office-hours second of a certificate's arrival; extractions run right after it. */
function receivedSecond(cert: CertificateSkeleton, seed: number, certificateId: number): number {
  return officeSecond(new Rng(deriveSeed(seed, certificateId, cert.receivedDay)).next());
}

const emitCertificates: RecordEmitter = (skeleton, rng, ids, layout) =>
  eachCertificate(skeleton, ids, (cert, certificateId) => {
    const received = receivedSecond(cert, layout.options.seed, certificateId);
    return copyLine([
      certificateId,
      skeleton.index + 1,
      riskProfileFor(rng, layout, skeleton, 'coi'),
      cert.status,
      cert.current,
      layout.calendar.timestamp(cert.receivedDay, received),
      cert.reviewedDay === null
        ? null
        : layout.calendar.timestamp(
            cert.reviewedDay,
            secondAfter(rng, cert.reviewedDay, cert.receivedDay, received),
          ),
      layout.calendar.date(cert.effectiveDay),
      layout.calendar.date(cert.expirationDay),
    ]);
  });

const emitDeficiencies: RecordEmitter = (skeleton, rng, ids, layout) =>
  eachCertificate(skeleton, ids, (cert) => {
    let out = '';
    const total = Math.min(
      deficiencies.length,
      cert.unresolvedDeficiencies + cert.resolvedDeficiencies,
    );
    const offset = rng.int(0, deficiencies.length - 1);
    for (let n = 0; n < total; n += 1) {
      // Consecutive codes from a random start: distinct within the certificate.
      const [code, description] = deficiencies[(offset + n) % deficiencies.length] ?? ['OTHER', ''];
      const resolved = n >= cert.unresolvedDeficiencies;
      ids.child += 1;
      out += copyLine([
        ids.child,
        ids.certificate,
        code,
        description,
        resolved
          ? layout.calendar.timestamp(
              Math.min(-1, (cert.reviewedDay ?? cert.receivedDay) + rng.int(1, 30)),
              officeSecond(rng.next()),
            )
          : null,
      ]);
    }
    return out;
  });

const emitCoverages: RecordEmitter = (skeleton, rng, ids, layout) =>
  eachCertificate(skeleton, ids, (cert) => {
    let out = '';
    const mainCarrier = carrierId(rng, layout);
    for (let type = 0; type < 4; type += 1) {
      if ((cert.coverageMask & (1 << type)) === 0) continue;
      const [each, aggregate] = limitsFor(rng, type);
      // The certificate expires with its earliest policy; others may run longer.
      const expiration =
        type === 0 || rng.chance(0.7) ? cert.expirationDay : cert.expirationDay + rng.int(1, 120);
      const workersComp = type === 3;
      ids.child += 1;
      out += copyLine([
        ids.child,
        ids.certificate,
        workersComp && rng.chance(0.5) ? carrierId(rng, layout) : mainCarrier,
        coverageTypes[type] ?? 'general_liability',
        rng.chance(0.95)
          ? `${policyPrefixes[type] ?? 'PL'}${rng.int(1_000_000, 9_999_999)}-${rng.int(1, 9)}`
          : null,
        money(each),
        money(aggregate),
        layout.calendar.date(expiration - 365),
        layout.calendar.date(expiration),
        !workersComp && rng.chance(0.4) ? true : workersComp && rng.chance(0.6),
        !workersComp && rng.chance(0.6),
        type === 0 || type === 2 ? rng.chance(0.35) : false,
      ]);
    }
    return out;
  });

const emitExtractions: RecordEmitter = (skeleton, rng, ids, layout) =>
  eachCertificate(skeleton, ids, (cert) => {
    let out = '';
    for (let n = 0; n < cert.extractions; n += 1) {
      const last = n === cert.extractions - 1;
      let status: 'queued' | 'done' | 'failed' = 'failed';
      if (last) {
        const roll = rng.next();
        status =
          cert.status === 'pending' && roll < 0.3 ? 'queued' : roll < 0.88 ? 'done' : 'failed';
      }
      ids.child += 1;
      out += copyLine([
        ids.child,
        ids.certificate,
        status,
        status === 'done' ? (0.55 + rng.next() * 0.4499).toFixed(4) : null,
        layout.calendar.timestamp(
          cert.receivedDay,
          receivedSecond(cert, layout.options.seed, ids.certificate) + 60 + n * 600,
        ),
      ]);
    }
    return out;
  });

const emitDocuments: RecordEmitter = (skeleton, rng, ids, layout) => {
  let out = '';
  for (const doc of skeleton.documents) {
    ids.child += 1;
    out += copyLine([
      ids.child,
      skeleton.index + 1,
      riskProfileFor(rng, layout, skeleton, 'doc'),
      documentTypes[doc.typeIndex] ?? 'Other',
      doc.status,
      doc.current,
      doc.receivedDay === null
        ? null
        : layout.calendar.timestamp(doc.receivedDay, officeSecond(rng.next())),
      doc.expirationDay === null ? null : layout.calendar.date(doc.expirationDay),
    ]);
  }
  return out;
};

const emitNotifications: RecordEmitter = (skeleton, rng, ids, layout) => {
  let out = '';
  for (const note of skeleton.notifications) {
    const channelRoll = rng.next();
    const sentSecond = officeSecond(rng.next());
    const responds = rng.chance(note.kind === 'ping' ? 0.55 : 0.15);
    let responded: string | null = null;
    if (responds) {
      const day = Math.min(-1, note.day + rng.int(0, 7));
      const second = day === note.day ? sentSecond + rng.int(60, 3000) : officeSecond(rng.next());
      responded = layout.calendar.timestamp(day, second);
    }
    ids.child += 1;
    out += copyLine([
      ids.child,
      skeleton.index + 1,
      note.kind,
      channelRoll < 0.85 ? 'email' : channelRoll < 0.95 ? 'sms' : 'fax',
      layout.calendar.timestamp(note.day, sentSecond),
      responded,
    ]);
  }
  return out;
};

const recordEmitters: Partial<Record<DemoTableName, readonly [RecordEmitter, number]>> = {
  docutrax_hierarchy_record: [emitRecord, stream.record],
  docutrax_documents_certificate: [emitCertificates, stream.certificate],
  docutrax_compliance_deficiency: [emitDeficiencies, stream.deficiency],
  docutrax_documents_document: [emitDocuments, stream.document],
  docutrax_coverage_coverage: [emitCoverages, stream.coverage],
  docutrax_notifications_notification: [emitNotifications, stream.notification],
  docutrax_extraction_extraction: [emitExtractions, stream.extraction],
};

function countLines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

/** COPY text of one demo table, in chunks; `tally.rows` counts the rows produced. */
export function* demoTableChunks(
  layout: DemoLayout,
  table: DemoTableName,
  tally: RowTally = { rows: 0 },
): Generator<string, void, undefined> {
  const small = layout.smallTables.get(table);
  if (small) {
    let chunk = '';
    for (const row of small) {
      chunk += copyLine(row);
      tally.rows += 1;
      if (chunk.length >= chunkSize) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
    return;
  }
  const entry = recordEmitters[table];
  if (!entry) throw new RangeError(`no demo rows for table ${table}`);
  const [emit, streamId] = entry;
  const skeletonRng = new Rng();
  const rowRng = new Rng();
  const ids: IdCounters = { certificate: 0, child: 0 };
  const { seed, records } = layout.options;
  let chunk = '';
  for (let index = 0; index < records; index += 1) {
    const skeleton = recordSkeleton(layout, index, skeletonRng);
    rowRng.reset(deriveSeed(seed, streamId, index));
    const lines = emit(skeleton, rowRng, ids, layout);
    if (!lines) continue;
    tally.rows += countLines(lines);
    chunk += lines;
    if (chunk.length >= chunkSize) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
