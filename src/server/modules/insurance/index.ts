export { insuranceRoutes } from './insurance.routes.js';
export { insurancePortalRoutes } from './portal.routes.js';
export { activeRules, compileRule, syncRulePack, type CompiledRule } from './rule-pack.js';
export { runPack, type CheckRunSummary } from './checks.js';
export { runCertification, recordTask } from './certification.js';
export { prepareDemoInsurance, seedDemoInsurance } from './demo.js';
