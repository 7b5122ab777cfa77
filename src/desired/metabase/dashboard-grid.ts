/** Metabase's dashboard grid is 24 columns wide; rows grow downwards without limit. */
const gridColumns = 24;

export interface CardSize {
  readonly sizeX: number;
  readonly sizeY: number;
}

export interface Placement extends CardSize {
  readonly row: number;
  readonly col: number;
}

/**
 * Places cards left to right, wrapping to a new row band when the next card does not fit. Each
 * band is as tall as its tallest card, so nothing overlaps.
 */
export function placeCards(sizes: readonly CardSize[]): readonly Placement[] {
  const placed: Placement[] = [];
  let row = 0;
  let col = 0;
  let bandHeight = 0;
  for (const size of sizes) {
    if (size.sizeX < 1 || size.sizeX > gridColumns || size.sizeY < 1) {
      throw new Error(`A card of ${size.sizeX}×${size.sizeY} does not fit the 24-column grid.`);
    }
    if (col + size.sizeX > gridColumns) {
      row += bandHeight;
      col = 0;
      bandHeight = 0;
    }
    placed.push({ row, col, ...size });
    col += size.sizeX;
    bandHeight = Math.max(bandHeight, size.sizeY);
  }
  return placed;
}

/** Problems with a layout: cards off the grid and pairs (by index) that overlap. */
export function gridProblems(cards: readonly Placement[]): readonly string[] {
  const problems: string[] = [];
  cards.forEach((c, i) => {
    if (c.row < 0 || c.col < 0 || c.sizeX < 1 || c.sizeY < 1 || c.col + c.sizeX > gridColumns) {
      problems.push(
        `card ${i} (row ${c.row}, col ${c.col}, ${c.sizeX}×${c.sizeY}) is off the grid`,
      );
    }
  });
  for (let i = 0; i < cards.length; i++) {
    for (let j = i + 1; j < cards.length; j++) {
      const a = cards[i];
      const b = cards[j];
      if (a === undefined || b === undefined) continue;
      const apart =
        a.col + a.sizeX <= b.col ||
        b.col + b.sizeX <= a.col ||
        a.row + a.sizeY <= b.row ||
        b.row + b.sizeY <= a.row;
      if (!apart) problems.push(`cards ${i} and ${j} overlap`);
    }
  }
  return problems;
}
