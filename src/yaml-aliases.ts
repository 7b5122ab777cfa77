import { isAlias, visit, type Document, type LineCounter } from 'yaml';

/**
 * Where the first alias (`*name`) of a YAML document is, or null. The files dtx-reports reads
 * never need one (generate writes none; the catalog spells every entry out), and a chain of
 * aliases to aliases (a "billion laughs" file) expands to gigabytes when turned into data: a
 * document with any alias is refused before it is expanded, naming the file, line and column.
 */
export function firstAlias(
  doc: Document,
  lineCounter: LineCounter,
): { readonly line: number; readonly col: number; readonly source: string } | null {
  let found: { line: number; col: number; source: string } | null = null;
  visit(doc, (_key, node) => {
    if (!isAlias(node)) return undefined;
    const { line, col } = lineCounter.linePos(node.range?.[0] ?? 0);
    found = { line, col, source: node.source };
    return visit.BREAK;
  });
  return found;
}

/** The one-line problem for a refused alias, `file:line:col: …`. */
export function aliasProblem(
  file: string,
  alias: { readonly line: number; readonly col: number; readonly source: string },
): string {
  return `${file}:${alias.line}:${alias.col}: YAML alias *${alias.source} refused (files read by dtx-reports never use aliases; many chained aliases can exhaust memory)`;
}
