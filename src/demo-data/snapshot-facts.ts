import type { SnapshotTable } from '../legacy/types.ts';

/**
 * What report_data says about each record and client, so that the demo records carrying the
 * export's PH_IDs hold the same values and `reconcile` on the sample shows real agreement. Only
 * values the snapshot states consistently are kept: a client name that varies across that
 * client's rows is the snapshot contradicting itself, and the demo data cannot agree with both.
 * Raw text as exported; src/demo-data/snapshot-alignment.ts turns it into DTX 2.0 values.
 */
export interface SnapshotRecordFacts {
  readonly phId: number;
  readonly name: string | null;
  readonly status: string | null;
  readonly onHold: string | null;
  readonly exempt: string | null;
  readonly coiStatus: string | null;
  readonly coiExpiration: string | null;
  readonly docCompliant: string | null;
  readonly docRiskProfileId: string | null;
  readonly glLimit: string | null;
  readonly waiver: string | null;
  readonly additionalInsured: string | null;
}

export interface SnapshotClientFacts {
  readonly chId: number;
  readonly name: string | null;
  readonly status: string | null;
  readonly createTime: string | null;
}

export interface SnapshotServiceOrgFacts {
  readonly soId: number;
  readonly createTime: string | null;
}

export interface SnapshotFacts {
  readonly records: readonly SnapshotRecordFacts[];
  readonly clients: readonly SnapshotClientFacts[];
  readonly serviceOrgs: readonly SnapshotServiceOrgFacts[];
}

export const noSnapshotFacts: SnapshotFacts = { records: [], clients: [], serviceOrgs: [] };

const wholeNumber = /^\s*(\d{1,10})\s*$/;

export function snapshotFactsFrom(snapshot: SnapshotTable): SnapshotFacts {
  const at = (name: string) => snapshot.columns.indexOf(name);
  const value = (row: readonly (string | null)[], name: string): string | null => {
    const index = at(name);
    const text = index < 0 ? null : (row[index] ?? null);
    return text === null || text.trim() === '' ? null : text.trim();
  };
  const idOf = (row: readonly (string | null)[], name: string): number | null => {
    const match = wholeNumber.exec(value(row, name) ?? '');
    return match === null ? null : Number(match[1]);
  };
  const records = new Map<number, SnapshotRecordFacts>();
  const clientValues = new Map<
    number,
    { names: Set<string>; statuses: Set<string>; created: Set<string> }
  >();
  const orgCreated = new Map<number, Set<string>>();
  for (const row of snapshot.rows) {
    const phId = idOf(row, 'PH_ID');
    const chId = idOf(row, 'CH_ID');
    const soId = idOf(row, 'SO_ID');
    if (soId !== null) {
      const seen = orgCreated.get(soId) ?? new Set<string>();
      orgCreated.set(soId, seen);
      const created = value(row, 'SO_CreateTime');
      if (created !== null) seen.add(created);
    }
    if (chId !== null) {
      const seen = clientValues.get(chId) ?? {
        names: new Set(),
        statuses: new Set(),
        created: new Set(),
      };
      clientValues.set(chId, seen);
      const name = value(row, 'CH_Name');
      const status = value(row, 'CH_Status');
      const created = value(row, 'CH_CreateTime');
      if (name !== null) seen.names.add(name);
      if (status !== null) seen.statuses.add(status);
      if (created !== null) seen.created.add(created);
    }
    if (phId === null || records.has(phId)) continue;
    records.set(phId, {
      phId,
      name: value(row, 'PH_Name'),
      status: value(row, 'PH_Status'),
      onHold: value(row, 'PH_OnHold'),
      exempt: value(row, 'PH_Exempt'),
      coiStatus: value(row, 'PH_COI_Status'),
      coiExpiration: value(row, 'PH_COI_Expiration'),
      docCompliant: value(row, 'PH_DOC_Compliant'),
      docRiskProfileId: value(row, 'PH_DOC_RiskProfile_ID'),
      glLimit: value(row, 'PH_GL_Limit'),
      waiver: value(row, 'PH_Waiver'),
      additionalInsured: value(row, 'PH_AdditionalInsured'),
    });
  }
  const single = (values: Set<string>) => (values.size === 1 ? ([...values][0] ?? null) : null);
  return {
    records: [...records.values()].sort((a, b) => a.phId - b.phId),
    clients: [...clientValues]
      .map(([chId, seen]) => ({
        chId,
        name: single(seen.names),
        status: single(seen.statuses),
        createTime: single(seen.created),
      }))
      .sort((a, b) => a.chId - b.chId),
    serviceOrgs: [...orgCreated]
      .map(([soId, created]) => ({ soId, createTime: single(created) }))
      .sort((a, b) => a.soId - b.soId),
  };
}
