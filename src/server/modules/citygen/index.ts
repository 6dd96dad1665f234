// Synthetic city generator: a deterministic, plausible Chongqing for demos, tests and benchmarks.
export { seedCity, type SeedOptions, type SeedSummary } from './seed.js';
export { Random, WeightedTable } from './random.js';
