/** Documented exit codes (README, "CLI reference"). */
export const ExitCode = {
  ok: 0,
  error: 1,
  /** `plan --detailed-exitcode`: the plan has changes. */
  changes: 2,
  /** `reconcile`: more disagreements than `--tolerance` allows. */
  differences: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
