/** The desired Metabase state: build it from the legacy export, write it as files, load it back. */
export type * from './model.ts';
export {
  buildMetabaseMigration,
  desiredMetabaseState,
  defaultBaseViewName,
  defaultLegacyTimeZone,
  type MetabaseInput,
  type MetabaseMigration,
  type MetabaseOptions,
} from './desired-state.ts';
export { baseViewColumns, type BaseViewRef } from './compliance-overview.ts';
export { metabaseStateFiles, manifestSchedules, collectionsFile, settingsFile } from './files.ts';
export { loadDesiredMetabaseState } from './load.ts';
export { validateDesiredMetabaseState } from './validate.ts';
export { renderNativeQuery, parseNativeQuery, type ParameterValue } from './native-query.ts';
export { keys, compareKeys } from './keys.ts';
export { parameterId } from './stable-ids.ts';
