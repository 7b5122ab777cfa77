import { z } from 'zod';

/**
 * The parts of manifest.json (written by `generate`, src/desired/manifest.ts) that the docs site
 * and reconcile read back. Parsed at the edge: a damaged manifest is one clear error, and fields
 * this schema does not name are ignored so a newer manifest still reads.
 */
const reportColumn = z.object({ label: z.string(), field: z.string(), column: z.string() });
const omittedField = z.object({ field: z.string(), reason: z.string() });

export const manifestReportSchema = z.object({
  legacyId: z.number().int(),
  name: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  view: z.string().optional(),
  file: z.string().optional(),
  aggregate: z.boolean().optional(),
  numDays: z.number().nullable().optional(),
  columns: z.array(reportColumn).default([]),
  omitted: z.array(omittedField).default([]),
  notes: z.array(z.string()).default([]),
});

const manifestPulseSchema = z.object({
  subscription: z.string(),
  schedule_type: z.string(),
  schedule_day: z.string().nullable().optional(),
  schedule_hour: z.number().nullable().optional(),
  schedule_frame: z.string().nullable().optional(),
  recipients: z.array(z.string()).default([]),
});

export const manifestScheduleSchema = z.object({
  legacyId: z.number().int(),
  reportId: z.number().int().nullable(),
  customerId: z.number().int().nullable(),
  status: z.string(),
  reason: z.string().nullable().optional(),
  dashboard: z.string().nullable().optional(),
  pulses: z.array(manifestPulseSchema).default([]),
});

const manifestFieldSchema = z.object({
  name: z.string(),
  legacyIds: z.array(z.number()).default([]),
  status: z.string(),
  usedBy: z.array(z.number()).default([]),
});

export const manifestSchema = z.object({
  schemas: z.object({ source: z.string(), target: z.string() }),
  asOf: z.string().optional(),
  reports: z.array(manifestReportSchema),
  fields: z.array(manifestFieldSchema).default([]),
  schedules: z.array(manifestScheduleSchema).default([]),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestReport = z.infer<typeof manifestReportSchema>;
export type ManifestSchedule = z.infer<typeof manifestScheduleSchema>;
