import type { RegisterCommand } from './command.ts';
import { registerInventory } from './inventory.ts';
import { registerArchive } from './archive.ts';
import { registerGenerate } from './generate.ts';
import { registerPlan } from './plan.ts';
import { registerProvision } from './provision.ts';
import { registerRefresh } from './refresh.ts';
import { registerReconcile } from './reconcile.ts';
import { registerDocs } from './docs.ts';

/** Every subcommand, in the order `--help` lists them. */
export const commands: readonly RegisterCommand[] = [
  registerInventory,
  registerArchive,
  registerGenerate,
  registerPlan,
  registerProvision,
  registerRefresh,
  registerReconcile,
  registerDocs,
];
