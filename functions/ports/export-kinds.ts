/** What `POST /v1/rounds/{roundId}/exports` can export (API.md v2); free of Node types, as the portal reads it. */
export const EXPORT_KINDS = [
  'applications',
  'scores',
  'ranking',
  'objections',
  'winners',
  'statistics',
  'audit',
  'archive',
] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
