// The case engine (工作体系): other modules, the CLI and start-up import only this file.
export { casesRoutes } from './cases.routes.js';
export { publicCaseRoutes } from './public.routes.js';
export { actOnCase, appendEvents, escalateOverdue, onCaseClosed, openCase, openCaseIn, parseFields, startEscalationLoop, type CloseHook } from './cases.service.js';
export { addWorkingDays, isWorkingDay, lightOn, workingDaysBetween, CALENDAR_LAST_YEAR } from './calendar.js';
export { reduce, decide, type ActionRequest, type Actor, type CaseEvent, type CaseStatus, type NewEvent } from './engine.js';
export { loadKind, latestKinds, syncCaseKinds, type LoadedKind } from './kinds.js';
export { seedDemoCases } from './demo.js';
