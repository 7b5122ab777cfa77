import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';

export function captureIo(overrides: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    env: {},
    cwd: process.cwd(),
    projectRoot: process.cwd(),
    interactive: false,
    ...overrides,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

describe('cli', () => {
  it('prints help and exits 0', async () => {
    const c = captureIo();
    expect(await main(['--help'], c.io)).toBe(0);
    expect(c.out()).toContain('Usage: dtx-reports');
  });

  it('rejects an unknown command with exit 1 and a hint', async () => {
    const c = captureIo();
    expect(await main(['frobnicate'], c.io)).toBe(1);
    expect(c.err()).toContain('unknown command');
  });
});
