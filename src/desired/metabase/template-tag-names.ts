import { dayCountName } from '../report-view.ts';

/**
 * The template tags generated questions use. Tag names double as dashboard parameter slugs, so
 * dashboards wire by name; validation checks the customer restriction by this name.
 */
export const tagNames = {
  customer: 'customer',
  numDays: dayCountName,
  serviceOrg: 'service_org',
  client: 'client',
  dateRange: 'date_range',
} as const;
