// Which department owns which table, and how a person's rows in it are shown.
import type { Database } from '../../db/schema.js';

export type DepartmentTable = {
  table: keyof Database;
  department: string;
  label: { zh: string; en: string };
  /** Columns shown, in order; person_id, district_code and batch_id are implied. */
  columns: readonly string[];
  orderBy: string;
};

export const DEPARTMENT_TABLES: readonly DepartmentTable[] = [
  { table: 'civil_assistance', department: 'civil_affairs', label: { zh: '社会救助(低保/特困/低收入)', en: 'Social assistance (dibao / extreme poverty / low income)' }, columns: ['kind', 'start_date', 'end_date', 'monthly_amount_fen', 'household_id'], orderBy: 'start_date' },
  { table: 'police_death', department: 'public_security', label: { zh: '死亡登记', en: 'Death registration' }, columns: ['death_date'], orderBy: 'death_date' },
  { table: 'police_hukou_move', department: 'public_security', label: { zh: '户籍迁移', en: 'Hukou moves' }, columns: ['move_date', 'from_village_code', 'to_village_code'], orderBy: 'move_date' },
  { table: 'edu_graduate', department: 'education', label: { zh: '高校毕业生', en: 'Graduates' }, columns: ['graduation_year', 'school', 'level', 'major'], orderBy: 'graduation_year' },
  { table: 'edu_student', department: 'education', label: { zh: '在校学生', en: 'Students' }, columns: ['school_year', 'stage', 'school'], orderBy: 'school_year' },
  { table: 'disability_certificate', department: 'disabled', label: { zh: '残疾人证', en: 'Disability certificate' }, columns: ['certificate_no', 'category', 'grade', 'issued_on'], orderBy: 'issued_on' },
  { table: 'veteran', department: 'veterans', label: { zh: '退役军人', en: 'Veteran' }, columns: ['discharge_date', 'service_branch', 'entitled_group'], orderBy: 'discharge_date' },
  { table: 'poverty_alleviated', department: 'rural_revitalisation', label: { zh: '脱贫人口', en: 'Lifted out of poverty' }, columns: ['lifted_year', 'relapse_watch'], orderBy: 'lifted_year' },
  { table: 'former_fisherman', department: 'agriculture', label: { zh: '退捕渔民', en: 'Former fisherman' }, columns: ['registered_on', 'water_body'], orderBy: 'registered_on' },
  { table: 'hr_unemployment_registration', department: 'hrss', label: { zh: '失业登记', en: 'Unemployment registration' }, columns: ['registered_on', 'ended_on', 'end_reason'], orderBy: 'registered_on' },
  { table: 'hr_insurance_enrolment', department: 'hrss', label: { zh: '社会保险参保', en: 'Social insurance enrolment' }, columns: ['scheme', 'enrolled_on', 'status'], orderBy: 'scheme' },
  { table: 'hr_training_record', department: 'hrss', label: { zh: '职业培训', en: 'Training' }, columns: ['course_code', 'course_name', 'kind', 'start_date', 'end_date', 'certificate_level'], orderBy: 'start_date' },
  { table: 'entrepreneurship_loan', department: 'hrss', label: { zh: '创业担保贷款', en: 'Guaranteed business loans' }, columns: ['loan_no', 'lender', 'principal_fen', 'start_date', 'end_date', 'repaid_on', 'overdue', 'interest_subsidy_eligible'], orderBy: 'start_date' },
  { table: 'housing_status', department: 'housing', label: { zh: '住房情况', en: 'Housing status' }, columns: ['as_of', 'owns_home', 'public_rental_tenant', 'per_capita_floor_area_sqm'], orderBy: 'as_of' },
  { table: 'medical_enrolment', department: 'medical_insurance', label: { zh: '医疗保险参保', en: 'Medical insurance enrolment' }, columns: ['year', 'scheme'], orderBy: 'year' },
];
