export { rulesRoutes, settleRuns, type RulesOptions } from './rules.routes.js';
export { ENTITIES, visibleFacts, type FactDef } from './catalogue.js';
export { buildSnapshot, getReadySnapshot, readFactRow } from './snapshot.js';
export { activeVersionIds, loadCompiled, saveVersion, syncPolicyPack, validateDefinition } from './policies.service.js';
export { createRun, executeRun, type ChunkHook } from './run.js';
export { explainPolicy, type PolicyExplanation } from './explain.js';
export { simulate } from './simulate.js';
export { PolicyDefinition } from './policy.js';
