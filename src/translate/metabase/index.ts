/** The desired Metabase state: build it from the legacy export, write it as files, load it back. */
export type * from '../../desired/metabase/model.ts';
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
export {
  metabaseStateFiles,
  manifestSchedules,
  collectionsFile,
  settingsFile,
} from '../../desired/metabase/files.ts';
export { loadDesiredMetabaseState } from '../../desired/metabase/load.ts';
export { validateDesiredMetabaseState } from '../../desired/metabase/validate.ts';
export {
  renderNativeQuery,
  parseNativeQuery,
  type ParameterValue,
} from '../../desired/metabase/native-query-template.ts';
export { keys, compareKeys } from '../../desired/metabase/keys.ts';
export { parameterId } from '../../desired/metabase/stable-ids.ts';
