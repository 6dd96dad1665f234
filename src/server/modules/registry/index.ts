export { registryRoutes } from './registry.routes.js';
export { chongqingDivisions, departments, loadReferenceData } from './reference-data.js';
export { checkCreditCode, checkIdNumber, makeCreditCode, makeIdNumber, parseIdNumber } from './standards.js';
export { DEPARTMENT_TABLES } from './department-tables.js';
export { INDUSTRY_SECTIONS } from './industries.js';
