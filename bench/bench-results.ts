import type { MachineInfo } from './lib/machine.ts';
import type { ScaleSizeResult } from './scale-bench.ts';
import type { TargetCheck } from './targets.ts';
import type { ViewsSizeResult } from './views-bench.ts';

/** What `npm run bench` stores in BENCHMARKS.json and renders into BENCHMARKS.md. */
export interface BenchResults {
  readonly command: string;
  readonly quick: boolean;
  readonly machine: MachineInfo;
  readonly views: {
    readonly command: string;
    readonly filteredRuns: number;
    readonly exportRuns: number;
    readonly sizes: readonly ViewsSizeResult[];
  } | null;
  readonly scale: {
    readonly command: string;
    readonly latencyMs: number;
    /** Settings of the Postgres server the scale part ran on (may differ: --scale-database-url). */
    readonly server: Readonly<Record<string, string>>;
    readonly sizes: readonly ScaleSizeResult[];
  } | null;
  readonly targets: readonly TargetCheck[];
}
