/**
 * The behaviour profiles the emulator can play (`--metabase-version`). 0.58 is the LTS line
 * docker-compose runs; 0.63 is the newest line confirmed from published image tags
 * (`metabase/metabase:v0.63.19`) and the source. What differs and touches provisioning:
 *
 * | | 0.58 | 0.63 |
 * |---|---|---|
 * | template-tag types | text number date boolean dimension temporal-unit snippet card | + `table` (`lib/schema/template_tag.cljc`, `::source-table`; backported after 0.58) |
 * | template-tags in card responses | a map keyed by name | a list (src/metabase/native-query.ts notes it from 0.63) |
 * | dimension refs in template tags | MBQL 4 `["field", id, opts]` | MBQL 5 `["field", {opts}, id]` (0.61+) |
 * | `GET /api/session/properties` → `version.tag` | `v0.58.0` | `v0.63.19` |
 */

export const metabaseVersions = ['0.58', '0.63'] as const;
export type MetabaseVersion = (typeof metabaseVersions)[number];

export interface VersionProfile {
  readonly version: MetabaseVersion;
  readonly tag: string;
  readonly templateTagTypes: readonly string[];
  readonly templateTagsAsList: boolean;
  readonly mbql5DimensionRefs: boolean;
}

const common = [
  'text',
  'number',
  'date',
  'boolean',
  'dimension',
  'temporal-unit',
  'snippet',
  'card',
];

export const versionProfiles: Readonly<Record<MetabaseVersion, VersionProfile>> = {
  '0.58': {
    version: '0.58',
    tag: 'v0.58.0',
    templateTagTypes: common,
    templateTagsAsList: false,
    mbql5DimensionRefs: false,
  },
  '0.63': {
    version: '0.63',
    tag: 'v0.63.19',
    templateTagTypes: [...common, 'table'],
    templateTagsAsList: true,
    mbql5DimensionRefs: true,
  },
};

export function isMetabaseVersion(value: string): value is MetabaseVersion {
  return (metabaseVersions as readonly string[]).includes(value);
}
