#!/usr/bin/env node
// The CLI is TypeScript run through tsx's loader: no build step, so a fresh clone's
// `npm install` is enough and the code that runs is the code that was reviewed.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
