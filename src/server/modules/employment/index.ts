// Employment services (就在山城): other modules, the CLI and start-up import only this file.
export { employmentRoutes } from './employment.routes.js';
export { portalRoutes as employmentPortalRoutes } from './portal.routes.js';
export { warningRoutes } from './warnings.routes.js';
export { servicePointRoutes } from './service-points.routes.js';
export { createJob, closeJob, overrideJob, type JobInput } from './jobs.js';
export { upsertSeeker, type SeekerInput } from './seekers.js';
export { registerEmployment } from './registration.js';
export { createApplication, setOutcome } from './applications.js';
export { syncGraduates, recordContact } from './graduates.js';
export { identifyDifficulty, detectHouseholds, clearHousehold, addService, recordServiceOutcome, DIFFICULTY_POLICY, HOUSEHOLD_POLICY } from './assistance.js';
export { createEvent, addJobs } from './events.js';
export { runMonthlyWarnings, detectAndRecord, refreshHeadcount, DEFAULT_THRESHOLDS } from './warnings.js';
export { createServicePoint, importServicePoints } from './service-points.js';
export { screenPosting, hasBlocking } from './screening.js';
export { prepareDemoLabourMarket, seedDemoEmployment } from './demo.js';
