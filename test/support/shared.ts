import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * ../shared (context, official Metabase spec, recorded responses) sits beside the checkout on
 * developer machines and CI, but the product never needs it. Tests that read it skip with a
 * message where it is absent.
 */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedDir = process.env['DTX_SHARED_DIR'] ?? path.resolve(projectRoot, '..', 'shared');
export const hasShared = existsSync(path.join(sharedDir, 'metabase', 'openapi.json'));
export const sharedSkipMessage = `../shared not found at ${sharedDir}: skipping tests that need the shared reference data`;

if (!hasShared) console.warn(sharedSkipMessage);
