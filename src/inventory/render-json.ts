import type { Inventory } from './types.ts';

/** For machines: the whole inventory, keys in a fixed order, two-space indent, trailing newline. */
export function renderInventoryJson(inventory: Inventory): string {
  return `${JSON.stringify(inventory, null, 2)}\n`;
}
