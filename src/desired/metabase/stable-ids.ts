import { createHash } from 'node:crypto';

/**
 * Ids Metabase lets clients choose. They must not change between runs: a dashboard parameter
 * with a new id archives every subscription that used the old one (FACTS.md).
 */

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** First 8 hex digits of sha256(`<dashboard key>:<slug>`). */
export function parameterId(dashboardKey: string, slug: string): string {
  return sha256Hex(`${dashboardKey}:${slug}`).slice(0, 8);
}

/** A UUID-shaped id for a template tag, from the question key and tag name. */
export function templateTagId(questionKey: string, tagName: string): string {
  const hex = sha256Hex(`${questionKey}:${tagName}`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
