// The plan tracker (民生报表): other modules, the CLI and start-up import only this file.
export { planRoutes } from './plan.routes.js';
export { adoptLandedBindings, createNextPlan, CITY_POPULATION, insertPlan, readPlanFile, rebind, recomputeIndicators, setQuotas, syncPlanDir, type PlanSettings } from './plan.service.js';
export { absorbLegacyTasks, openTasksForRedLights } from './supervision.js';
export { COMPUTED_QUERIES, runComputed } from './indicators.js';
export { defaultPeriod } from './tracker.js';
export { seedDemoPlan } from './demo.js';
