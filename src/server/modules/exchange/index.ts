// Data exchange (数据共享): department feeds imported as validated, idempotent batches with lineage.
// Other modules and the CLI import only this file.
export { exchangeRoutes } from './exchange.routes.js';
export { importFile, type ImportErrorItem, type ImportMode, type ImportOptions, type ImportProgress, type ImportResult } from './import-file.js';
export { FEEDS, feedNames, findFeed, type Feed } from './feeds.js';
export type { BatchView } from './exchange.queries.js';
