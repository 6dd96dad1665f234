// Who may do what, and over which part of the city. Every route names the permission it needs
// (route config `access`); app.ts refuses any route that does not, so nothing is open by accident.
import type { Role } from '../db/schema.js';

export const PERMISSIONS = [
  'division.read',
  'person.read',
  'person.unmask',
  'enterprise.read',
  'import.read',
  'import.write',
  'audit.read',
  'user.manage',
  'self.read',
  'policy.read',
  'policy.write',
  'run.execute',
  'entitlement.read',
  'payment.read',
  'payment.prepare',
  'payment.approve',
  'plan.read',
  'plan.report',
  'plan.approve',
  'plan.admin',
  'rating.write',
  'case.read',
  'case.handle',
  'case.report',
  'employment.read',
  'employment.handle',
  'job.post',
  'job.apply',
  'insurance.read',
  'insurance.handle',
  'insurance.run',
  'insurance.audit',
  'insurance.query',
  'bundle.apply',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// Authoring policies, running them and paying. Four eyes: a batch is approved by someone other than
// its preparer, enforced by the payment service and by a CHECK in the database.
const BENEFITS_ALL: Permission[] = ['policy.read', 'policy.write', 'run.execute', 'entitlement.read', 'payment.read', 'payment.prepare', 'payment.approve'];

// Social insurance: reading the lists and boards, outreach and certification tasks, running the
// packs, deciding audit checks, and the cross-department query.
const INSURANCE_ALL: Permission[] = ['insurance.read', 'insurance.handle', 'insurance.run', 'insurance.audit', 'insurance.query'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  city_admin: ['division.read', 'person.read', 'person.unmask', 'enterprise.read', 'import.read', 'import.write', 'user.manage', ...BENEFITS_ALL, 'plan.read', 'plan.report', 'plan.approve', 'plan.admin', 'case.read', 'case.handle', 'employment.read', 'employment.handle', ...INSURANCE_ALL],
  department_officer: ['division.read', 'person.read', 'person.unmask', 'enterprise.read', 'import.read', 'import.write', ...BENEFITS_ALL, 'plan.read', 'plan.report', 'plan.approve', 'case.read', 'case.handle', 'employment.read', 'employment.handle', ...INSURANCE_ALL],
  district_officer: ['division.read', 'person.read', 'person.unmask', 'enterprise.read', 'policy.read', 'entitlement.read', 'payment.read', 'plan.read', 'plan.report', 'case.read', 'case.handle', 'employment.read', 'employment.handle', 'insurance.read', 'insurance.handle', 'insurance.audit', 'insurance.query'],
  // Township workers do the outreach and the certification visits of their township.
  township_worker: ['division.read', 'person.read', 'person.unmask', 'enterprise.read', 'policy.read', 'entitlement.read', 'plan.read', 'case.read', 'case.handle', 'employment.read', 'employment.handle', 'insurance.read', 'insurance.handle'],
  // Auditors read and trace; they never unmask or change data. They query across departments with names masked.
  auditor: ['division.read', 'person.read', 'enterprise.read', 'import.read', 'audit.read', 'policy.read', 'entitlement.read', 'payment.read', 'plan.read', 'case.read', 'employment.read', 'insurance.read', 'insurance.query'],
  citizen: ['self.read', 'rating.write', 'case.report', 'job.apply', 'bundle.apply'],
  enterprise: ['self.read', 'rating.write', 'job.post', 'bundle.apply'],
};

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  city_admin: { zh: '市级管理员', en: 'City administrator' },
  department_officer: { zh: '部门工作人员', en: 'Department officer' },
  district_officer: { zh: '区县工作人员', en: 'District officer' },
  township_worker: { zh: '乡镇(街道)工作人员', en: 'Township worker' },
  auditor: { zh: '审计监督人员', en: 'Auditor' },
  citizen: { zh: '群众', en: 'Citizen' },
  enterprise: { zh: '企业', en: 'Enterprise' },
};

/** The signed-in user as every route sees it. */
export type Principal = {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  /** Division code of the user's org unit: 500000 (city), a district, a township or a village. */
  orgCode: string;
  departmentCode: string | null;
  personId: number | null;
  enterpriseId: number | null;
  csrfToken: string;
};

export const CITY_CODE = '500000';

export function hasPermission(p: Principal | undefined, perm: Permission): boolean {
  return !!p && ROLE_PERMISSIONS[p.role].includes(perm);
}

/** The residence column a user's org unit limits, or null for the whole city. */
export type Scope = { column: 'district_code' | 'township_code' | 'village_code'; code: string } | null;

export function scopeOf(p: Principal): Scope {
  if (p.orgCode === CITY_CODE) return null;
  if (p.orgCode.length === 6) return { column: 'district_code', code: p.orgCode };
  if (p.orgCode.length === 9) return { column: 'township_code', code: p.orgCode };
  return { column: 'village_code', code: p.orgCode };
}

/** Whether a division (any level) lies inside the user's org unit. */
export function divisionInScope(p: Principal, divisionCode: string): boolean {
  if (p.orgCode === CITY_CODE) return true;
  return divisionCode.startsWith(p.orgCode);
}

/** Whether an org unit (division code) is at or below the user's, or above it on the path to it. */
export function divisionVisible(p: Principal, divisionCode: string): boolean {
  return divisionInScope(p, divisionCode) || divisionCode === CITY_CODE || p.orgCode.startsWith(divisionCode);
}
