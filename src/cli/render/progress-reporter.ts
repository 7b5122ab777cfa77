import type { Progress } from '../../apply/progress.ts';

/**
 * Draws progress on stderr: one live line rewritten in place on a terminal, and in a log (CI,
 * redirected output) one line per phase plus a line every `logEvery` steps, so logs stay short.
 */
export function progressReporter(
  write: (text: string) => void,
  interactive: boolean,
  logEvery = 100,
): Progress {
  let phase = '';
  let total = 0;
  let done = 0;
  let live = false;
  const endLive = () => {
    if (live) write('\n');
    live = false;
  };
  return {
    phase(name, steps) {
      endLive();
      phase = name;
      total = steps;
      done = 0;
      if (steps > 0) write(`${name}: ${steps} to do\n`);
    },
    step(label) {
      done += 1;
      if (interactive) {
        const text = `  [${done}/${total}] ${label}`;
        write(`\r\x1b[2K${text.length > 100 ? `${text.slice(0, 99)}…` : text}`);
        live = true;
        if (done === total) endLive();
      } else if (done === total || done % logEvery === 0) {
        write(`  ${phase}: ${done}/${total}\n`);
      }
    },
  };
}
