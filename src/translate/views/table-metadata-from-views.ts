import type { DesiredTableMetadata } from '../../desired/metabase/desired-metadata.ts';
import type { ReportView } from '../../desired/report-view.ts';
import type { Report } from '../../legacy/types.ts';

/**
 * How Metabase should present each synced report view: the legacy report name as the table's
 * display name, legacy labels and field descriptions on the columns, semantic types from the
 * catalog, and the filter-only columns labelled as such. Those stay `normal`, not hidden:
 * Metabase keeps no value list for a hidden field (`field-should-have-field-values?`), and the
 * dashboard filters on the service org and client names must offer one (`hasFieldValues: list`).
 */
export function tableMetadataFromViews(
  views: readonly ReportView[],
  reports: ReadonlyMap<number, Report>,
): DesiredTableMetadata[] {
  return [...views]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((view) => {
      const report = reports.get(view.legacyId);
      const filterColumns = Object.values(view.filters).filter((c): c is string => c !== null);
      // The columns dashboard filters offer values from (string/= widgets).
      const listed = new Set(
        [view.filters.serviceOrgName, view.filters.clientName].filter(
          (c): c is string => c !== null,
        ),
      );
      const described = new Set(view.columns.map((c) => c.name));
      return {
        schema: view.schema,
        view: view.name,
        displayName: report?.name ?? view.name,
        description: `Legacy report ${view.legacyId}${report?.internalName ? ` (${report.internalName})` : ''}${report?.description ? `: ${report.description}` : ''}`,
        fields: [
          ...view.columns.map((c) => ({
            column: c.name,
            displayName: c.name,
            description: c.description,
            semanticType: c.semanticType,
            visibility: 'normal' as const,
            hasFieldValues: listed.has(c.name) ? ('list' as const) : null,
          })),
          ...filterColumns
            .filter((column) => !described.has(column))
            .map((column) => ({
              column,
              displayName: column,
              description: 'Filter column: questions and dashboard filters use it.',
              semanticType: null,
              visibility: 'normal' as const,
              hasFieldValues: listed.has(column) ? ('list' as const) : null,
            })),
        ],
      };
    });
}
