// GB/T 4754-2017 industry sections, for the enterprise filter: the same table the server labels
// enterprises with (plain data, shared rather than copied).
export { INDUSTRY_SECTIONS } from '../../../server/modules/registry/industries';
