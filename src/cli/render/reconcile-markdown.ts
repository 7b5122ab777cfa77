import type { CellExample, ColumnResult, ReconcileReport } from '../../reconcile/types.ts';

/** reconcile's report for people: the verdict first, then every column, then the examples. */
const cellText = (value: string | null) =>
  value === null ? '*NULL*' : `\`${value.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;

function exampleLines(title: string, examples: readonly CellExample[]): string[] {
  return examples.map(
    (example) =>
      `- ${title}: PH_ID ${example.phId ?? '?'} (report_data.csv:${example.line ?? '?'}): ` +
      `snapshot ${cellText(example.snapshot)}, DTX 2.0 ${cellText(example.dtx2)}`,
  );
}

function changeText(column: ColumnResult): string {
  if (column.change === 'could-change') return 'could be a change since the snapshot';
  if (column.change === 'cannot-change') return 'cannot have changed';
  return '';
}

export function renderReconcileMarkdown(
  report: ReconcileReport,
  verdict: { readonly tolerance: string; readonly within: boolean },
): string {
  const { totals, batch } = report;
  const lines: string[] = [];
  lines.push('# Reconcile: DTX 1.0 snapshot (report_data) against the DTX 2.0 base layer', '');
  lines.push(
    `Snapshot batch: ${batch.createTime ?? 'unknown (no create_time)'}` +
      (batch.ageDays === null ? '' : `, ${batch.ageDays} days old`) +
      (batch.olderRowsSkipped > 0
        ? `; ${batch.olderRowsSkipped} rows of older batches not compared`
        : '') +
      '.',
    '',
  );
  lines.push(
    `- Rows: ${totals.rows}, matched ${totals.matched}, unmatched ${totals.unmatched}`,
    `- Columns: ${totals.columns}: compared ${totals.columnsCompared}, not filled by the batch ${totals.columnsNotFilled}, no DTX 2.0 counterpart ${totals.columnsWithoutCounterpart}`,
    `- Cells compared: ${totals.cellsCompared}: equal ${totals.equal}, different ${totals.different} ` +
      `(could be changes since the snapshot ${totals.differentCouldChange}, cannot have changed ${totals.differentCannotChange}), ` +
      `missing in DTX 2.0 ${totals.missingInDtx2}, missing in the snapshot ${totals.missingInSnapshot}, ` +
      `snapshot contradicts itself ${totals.snapshotInconsistent}`,
    `- Disagreements: ${totals.disagreements} (tolerance ${verdict.tolerance}): ` +
      (verdict.within ? '**within tolerance**' : '**beyond tolerance**'),
    '',
  );
  lines.push('## Columns', '');
  lines.push(
    '| column | DTX 2.0 field | outcome | equal | different | missing in DTX 2.0 | missing in snapshot | snapshot contradicts itself | a difference |',
    '|---|---|---|---:|---:|---:|---:|---:|---|',
  );
  for (const column of report.columns) {
    const outcome =
      column.outcome === 'compared' ? 'compared' : `${column.outcome}: ${column.reason ?? ''}`;
    const numbers =
      column.outcome === 'compared'
        ? [
            column.equal,
            column.different,
            column.missingInDtx2,
            column.missingInSnapshot,
            column.snapshotInconsistent,
          ].join(' | ')
        : ' |  |  |  | ';
    lines.push(
      `| ${column.column} | ${column.field ?? '—'} | ${outcome} | ${numbers} | ${changeText(column)} |`,
    );
  }
  lines.push('');
  const withExamples = report.columns.filter(
    (column) =>
      column.examples.different.length +
        column.examples.missingInDtx2.length +
        column.examples.missingInSnapshot.length +
        column.examples.snapshotInconsistent.length >
      0,
  );
  if (withExamples.length > 0) {
    lines.push('## Examples', '');
    for (const column of withExamples) {
      lines.push(`### ${column.column} → ${column.field ?? '—'} (${changeText(column)})`, '');
      lines.push(
        ...exampleLines('different', column.examples.different),
        ...exampleLines('missing in DTX 2.0', column.examples.missingInDtx2),
        ...exampleLines('missing in the snapshot', column.examples.missingInSnapshot),
        ...exampleLines('snapshot contradicts itself', column.examples.snapshotInconsistent),
        '',
      );
    }
  }
  lines.push('## Unmatched rows', '');
  if (report.unmatched.length === 0) lines.push('None: every row found its DTX 2.0 record.');
  for (const row of report.unmatched)
    lines.push(
      `- report_data.csv:${row.line ?? '?'} PH_ID ${row.phId ?? '(empty)'}: ${row.reason}`,
    );
  lines.push('');
  return lines.join('\n');
}
