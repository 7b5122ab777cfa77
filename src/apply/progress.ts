/**
 * Progress of long work, reported by the appliers and drawn by the CLI (a live line on a
 * terminal, plain lines in a log). The appliers never print.
 */
export interface Progress {
  /** A new phase with `total` steps (0: nothing to do, may be skipped by the renderer). */
  phase(name: string, total: number): void;
  step(label: string): void;
}

export const silentProgress: Progress = {
  phase: () => undefined,
  step: () => undefined,
};
