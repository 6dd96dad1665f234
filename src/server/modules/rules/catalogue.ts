// The fact catalogue: every fact a policy may name, per entity, with its type, labels, the
// department whose data it comes from, and the SQL that computes it over the registry.
// A fact that the data cannot determine is NULL ("undetermined"), never false. The SQL here is
// static code; the only value bound into it is the evaluation date, as a parameter.
import { createHash } from 'node:crypto';
import type { EntityType } from '../../db/schema.js';

export type FactType = 'int' | 'bool' | 'string';
export type FactDef = {
  name: string;
  type: FactType;
  zh: string;
  en: string;
  /** Department code (see data/departments) whose data the fact comes from. */
  department: string;
  /** SQL expression over the entity's FROM clause; `{asOf}` is the evaluation date. */
  sql: string;
  unit?: 'fen' | 'month' | 'year' | 'person';
  /** The values a string fact takes, for editors and generators. */
  values?: readonly string[];
};
export type EntityDef = {
  entity: EntityType;
  zh: string;
  en: string;
  /** Keys copied into the snapshot beside entity_id and district_code. */
  keys: { name: string; sql: string }[];
  idSql: string;
  districtSql: string;
  from: string;
  where?: string;
  facts: FactDef[];
  /** Other entities whose facts are visible to this entity's policies, joined at snapshot time. */
  includes: { entity: EntityType; on: string }[];
};

const LIVING = `NOT EXISTS (SELECT 1 FROM police_death d WHERE d.person_id = p.id AND d.death_date <= {asOf})`;
const LAST_CLOSED_MONTH = `(date_trunc('month', {asOf}::date) - interval '1 month')::date`;
const SCHOOL_YEAR = `(extract(year FROM {asOf}::date)::int - CASE WHEN extract(month FROM {asOf}::date) >= 9 THEN 0 ELSE 1 END)`;

const person: EntityDef = {
  entity: 'person',
  zh: '个人',
  en: 'Person',
  idSql: 'p.id',
  districtSql: 'p.district_code',
  keys: [{ name: 'household_id', sql: 'p.household_id' }],
  from: `person p
    LEFT JOIN household hh ON hh.id = p.household_id
    LEFT JOIN (SELECT person_id, count(*)::int AS n FROM employment
               WHERE start_date <= {asOf} AND (end_date IS NULL OR end_date >= {asOf}) GROUP BY person_id) emp ON emp.person_id = p.id
    LEFT JOIN (SELECT person_id, max(registered_on) AS registered_on FROM hr_unemployment_registration
               WHERE registered_on <= {asOf} AND (ended_on IS NULL OR ended_on > {asOf}) GROUP BY person_id) unemp ON unemp.person_id = p.id
    LEFT JOIN (SELECT person_id, count(DISTINCT month)::int AS ui_months,
                      bool_or(month = ${LAST_CLOSED_MONTH}) AS insured_last_month
               FROM contribution WHERE month < date_trunc('month', {asOf}::date) GROUP BY person_id) contrib ON contrib.person_id = p.id
    LEFT JOIN (SELECT person_id, bool_or(kind = 'dibao') AS dibao, bool_or(kind = 'extreme_poverty') AS extreme_poverty,
                      bool_or(kind = 'low_income') AS low_income
               FROM civil_assistance WHERE start_date <= {asOf} AND (end_date IS NULL OR end_date >= {asOf}) GROUP BY person_id) civil ON civil.person_id = p.id
    LEFT JOIN disability_certificate dis ON dis.person_id = p.id AND dis.issued_on <= {asOf}
    LEFT JOIN veteran vet ON vet.person_id = p.id
    LEFT JOIN poverty_alleviated pov ON pov.person_id = p.id
    LEFT JOIN former_fisherman fish ON fish.person_id = p.id
    LEFT JOIN (SELECT DISTINCT ON (person_id) person_id, graduation_year, level FROM edu_graduate
               ORDER BY person_id, graduation_year DESC) grad ON grad.person_id = p.id
    LEFT JOIN (SELECT DISTINCT ON (person_id) person_id, stage FROM edu_student
               WHERE school_year = ${SCHOOL_YEAR} ORDER BY person_id, stage) stu ON stu.person_id = p.id
    LEFT JOIN (SELECT person_id, count(*)::int AS courses, bool_or(certificate_level IS NOT NULL) AS certified
               FROM hr_training_record WHERE end_date <= {asOf} AND end_date > ({asOf}::date - interval '12 months') GROUP BY person_id) train ON train.person_id = p.id
    LEFT JOIN (SELECT person_id, bool_or(scheme = 'employee_pension') AS employee_pension,
                      bool_or(scheme = 'resident_pension') AS resident_pension, bool_or(scheme = 'unemployment') AS unemployment,
                      bool_or(scheme = 'work_injury') AS work_injury
               FROM hr_insurance_enrolment WHERE status = 'active' AND enrolled_on <= {asOf} GROUP BY person_id) ins ON ins.person_id = p.id
    LEFT JOIN (SELECT DISTINCT person_id FROM hr_insurance_enrolment WHERE scheme IN ('employee_pension', 'resident_pension') AND enrolled_on <= {asOf}) anypension ON anypension.person_id = p.id
    LEFT JOIN (SELECT person_id, sum(principal_fen)::bigint AS principal, min(start_date) AS first_start, bool_or(overdue) AS overdue,
                      CASE WHEN bool_or(interest_subsidy_eligible) THEN true WHEN bool_or(interest_subsidy_eligible IS NULL) THEN NULL ELSE false END AS subsidy
               FROM entrepreneurship_loan
               WHERE start_date <= {asOf} AND (repaid_on IS NULL OR repaid_on > {asOf}) AND (end_date >= {asOf} OR overdue)
               GROUP BY person_id) loan ON loan.person_id = p.id
    LEFT JOIN (SELECT DISTINCT ON (person_id) person_id, owns_home, public_rental_tenant, per_capita_floor_area_sqm
               FROM housing_status WHERE as_of <= {asOf} ORDER BY person_id, as_of DESC) housing ON housing.person_id = p.id
    LEFT JOIN medical_enrolment med ON med.person_id = p.id AND med.year = extract(year FROM {asOf}::date)::int
    LEFT JOIN ltc_enrolment ltc ON ltc.person_id = p.id AND ltc.year = extract(year FROM {asOf}::date)::int
    LEFT JOIN (SELECT person_id, sum(income_fen)::bigint AS fen, count(DISTINCT month)::int AS months FROM platform_income
               WHERE month >= (date_trunc('month', {asOf}::date) - interval '3 months') AND month < date_trunc('month', {asOf}::date)
               GROUP BY person_id) plat ON plat.person_id = p.id`,
  where: LIVING,
  includes: [{ entity: 'household', on: 'p.household_id' }],
  facts: [
    { name: 'age', type: 'int', zh: '年龄(周岁)', en: 'Age (full years)', department: 'public_security', unit: 'year', sql: `extract(year FROM age({asOf}::date, p.birth_date))::int` },
    { name: 'sex', type: 'string', zh: '性别', en: 'Sex', department: 'public_security', values: ['M', 'F'], sql: 'p.sex' },
    { name: 'education', type: 'string', zh: '学历', en: 'Education', department: 'education', values: ['none', 'primary', 'junior', 'senior', 'vocational', 'college', 'bachelor', 'master', 'doctor'], sql: 'p.education' },
    { name: 'hukou_type', type: 'string', zh: '户口性质', en: 'Hukou type', department: 'public_security', values: ['urban', 'rural'], sql: 'hh.hukou_type' },
    { name: 'hukou_local', type: 'bool', zh: '本市户籍', en: 'Chongqing hukou', department: 'public_security', sql: `(p.hukou_district_code LIKE '50%')` },
    { name: 'employed', type: 'bool', zh: '在职(有劳动关系)', en: 'Employed', department: 'hrss', sql: '(emp.n IS NOT NULL)' },
    { name: 'registered_unemployed', type: 'bool', zh: '登记失业', en: 'Registered unemployed', department: 'hrss', sql: '(unemp.registered_on IS NOT NULL)' },
    { name: 'unemployed_months', type: 'int', zh: '登记失业月数', en: 'Months registered unemployed', department: 'hrss', unit: 'month',
      sql: `CASE WHEN unemp.registered_on IS NULL THEN NULL ELSE ((extract(year FROM age({asOf}::date, unemp.registered_on)) * 12) + extract(month FROM age({asOf}::date, unemp.registered_on)))::int END` },
    { name: 'unemployment_insured_months', type: 'int', zh: '失业保险缴费月数(近12个月)', en: 'Unemployment-insurance months paid (last 12)', department: 'hrss', unit: 'month', sql: 'coalesce(contrib.ui_months, 0)' },
    { name: 'insured_last_month', type: 'bool', zh: '上月在职参保', en: 'Insured as employee last month', department: 'hrss', sql: 'coalesce(contrib.insured_last_month, false)' },
    { name: 'dibao', type: 'bool', zh: '低保对象', en: 'Dibao recipient', department: 'civil_affairs', sql: 'coalesce(civil.dibao, false)' },
    { name: 'extreme_poverty', type: 'bool', zh: '特困供养人员', en: 'Extreme-poverty support', department: 'civil_affairs', sql: 'coalesce(civil.extreme_poverty, false)' },
    { name: 'low_income', type: 'bool', zh: '低保边缘/低收入', en: 'Low-income', department: 'civil_affairs', sql: 'coalesce(civil.low_income, false)' },
    { name: 'has_disability', type: 'bool', zh: '持残疾人证', en: 'Holds a disability certificate', department: 'disabled', sql: '(dis.person_id IS NOT NULL)' },
    { name: 'disability_grade', type: 'int', zh: '残疾等级', en: 'Disability grade', department: 'disabled', sql: 'dis.grade' },
    { name: 'veteran', type: 'bool', zh: '退役军人', en: 'Veteran', department: 'veterans', sql: '(vet.person_id IS NOT NULL)' },
    { name: 'lifted_from_poverty', type: 'bool', zh: '脱贫人口', en: 'Lifted out of poverty', department: 'rural_revitalisation', sql: '(pov.person_id IS NOT NULL)' },
    { name: 'relapse_watch', type: 'bool', zh: '防止返贫监测对象', en: 'Relapse-watch person', department: 'rural_revitalisation', sql: 'coalesce(pov.relapse_watch, false)' },
    { name: 'former_fisherman', type: 'bool', zh: '退捕渔民', en: 'Former fisherman', department: 'agriculture', sql: '(fish.person_id IS NOT NULL)' },
    { name: 'years_since_graduation', type: 'int', zh: '毕业年数', en: 'Years since graduation', department: 'education', unit: 'year', sql: `(extract(year FROM {asOf}::date)::int - grad.graduation_year)` },
    { name: 'graduate_level', type: 'string', zh: '毕业学历层次', en: 'Graduate level', department: 'education', values: ['vocational', 'college', 'bachelor', 'master', 'doctor'], sql: 'grad.level' },
    { name: 'student_stage', type: 'string', zh: '在读学段', en: 'School stage', department: 'education', values: ['preschool', 'primary', 'junior', 'senior', 'vocational', 'higher'], sql: 'stu.stage' },
    { name: 'trained_last_12_months', type: 'int', zh: '近12个月结业培训次数', en: 'Courses finished in the last 12 months', department: 'hrss', sql: 'coalesce(train.courses, 0)' },
    { name: 'training_certified', type: 'bool', zh: '近12个月取得培训证书', en: 'Certified by training in the last 12 months', department: 'hrss', sql: 'coalesce(train.certified, false)' },
    { name: 'employee_pension', type: 'bool', zh: '参加职工养老保险', en: 'In employee pension insurance', department: 'hrss', sql: 'coalesce(ins.employee_pension, false)' },
    { name: 'resident_pension', type: 'bool', zh: '参加城乡居民养老保险', en: 'In resident pension insurance', department: 'hrss', sql: 'coalesce(ins.resident_pension, false)' },
    { name: 'unemployment_insurance', type: 'bool', zh: '参加失业保险', en: 'In unemployment insurance', department: 'hrss', sql: 'coalesce(ins.unemployment, false)' },
    { name: 'pension_record', type: 'bool', zh: '有养老保险参保记录(职工或居民，含中断缴费)', en: 'Has a pension insurance record (employee or resident, interrupted included)', department: 'hrss', sql: '(anypension.person_id IS NOT NULL)' },
    { name: 'work_injury_insurance', type: 'bool', zh: '参加工伤保险(含新就业形态职业伤害保障)', en: 'In work-injury insurance (incl. occupational-injury cover for platform workers)', department: 'hrss', sql: 'coalesce(ins.work_injury, false)' },
    { name: 'medical_insured', type: 'bool', zh: '本年度参加基本医疗保险', en: 'In basic medical insurance this year', department: 'medical_insurance', sql: '(med.person_id IS NOT NULL)' },
    { name: 'medical_scheme', type: 'string', zh: '本年度医保险种', en: 'Medical insurance scheme this year', department: 'medical_insurance', values: ['employee', 'resident'], sql: 'med.scheme' },
    { name: 'ltc_insured', type: 'bool', zh: '本年度参加长期护理保险', en: 'In long-term-care insurance this year', department: 'medical_insurance', sql: '(ltc.person_id IS NOT NULL)' },
    { name: 'platform_income_fen_3m', type: 'int', zh: '近3个月平台收入(分)', en: 'Platform income in the last 3 months (fen)', department: 'tax', unit: 'fen', sql: 'coalesce(plat.fen, 0)' },
    { name: 'platform_income_months_3m', type: 'int', zh: '近3个月有平台收入的月数', en: 'Months with platform income in the last 3', department: 'tax', unit: 'month', sql: 'coalesce(plat.months, 0)' },
    // Policy data (0003) and two registry facts the policy pack needs.
    { name: 'household_head', type: 'bool', zh: '户主', en: 'Head of household', department: 'public_security', sql: `(p.relation = 'head')` },
    { name: 'entitled_group', type: 'bool', zh: '优抚对象', en: 'Entitled group (veterans affairs)', department: 'veterans', sql: 'coalesce(vet.entitled_group, false)' },
    { name: 'has_guaranteed_loan', type: 'bool', zh: '有未结清的创业担保贷款', en: 'Has an outstanding guaranteed business loan', department: 'hrss', sql: '(loan.person_id IS NOT NULL)' },
    { name: 'guaranteed_loan_principal_fen', type: 'int', zh: '未结清创业担保贷款本金(分)', en: 'Principal of outstanding guaranteed loans (fen)', department: 'hrss', unit: 'fen', sql: 'coalesce(loan.principal, 0)' },
    { name: 'guaranteed_loan_months', type: 'int', zh: '创业担保贷款已放款月数', en: 'Months since the guaranteed loan was paid out', department: 'hrss', unit: 'month',
      sql: `CASE WHEN loan.first_start IS NULL THEN NULL ELSE ((extract(year FROM age({asOf}::date, loan.first_start)) * 12) + extract(month FROM age({asOf}::date, loan.first_start)))::int END` },
    { name: 'guaranteed_loan_overdue', type: 'bool', zh: '创业担保贷款逾期', en: 'Guaranteed loan overdue', department: 'hrss', sql: 'coalesce(loan.overdue, false)' },
    { name: 'guaranteed_loan_subsidy_eligible', type: 'bool', zh: '创业担保贷款经审核可贴息', en: 'Guaranteed loan assessed eligible for the interest subsidy', department: 'hrss',
      sql: 'CASE WHEN loan.person_id IS NULL THEN false ELSE loan.subsidy END' },
    { name: 'owns_home', type: 'bool', zh: '本市有自有住房', en: 'Owns a home in Chongqing', department: 'housing', sql: 'housing.owns_home' },
    { name: 'public_rental_tenant', type: 'bool', zh: '正在承租公租房', en: 'Public rental tenant', department: 'housing', sql: 'housing.public_rental_tenant' },
    { name: 'housing_floor_area_sqm', type: 'int', zh: '家庭人均住房建筑面积(平方米)', en: 'Floor area per household member (m²)', department: 'housing', sql: 'housing.per_capita_floor_area_sqm' },
  ],
};

const household: EntityDef = {
  entity: 'household',
  zh: '家庭',
  en: 'Household',
  idSql: 'h.id',
  districtSql: 'h.district_code',
  // The payee of a household entitlement: the living head, or else the eldest living member.
  keys: [{ name: 'head_person_id', sql: 'm.head_person_id' }],
  from: `household h
    LEFT JOIN (SELECT p.household_id,
        count(*)::int AS members,
        coalesce(min(p.id) FILTER (WHERE p.relation = 'head'), (array_agg(p.id ORDER BY p.birth_date, p.id))[1]) AS head_person_id,
        count(*) FILTER (WHERE age >= 16 AND age < CASE WHEN p.sex = 'M' THEN 60 ELSE 55 END AND NOT in_school)::int AS working_age,
        count(*) FILTER (WHERE employed)::int AS employed,
        count(*) FILTER (WHERE unemployed)::int AS unemployed,
        count(*) FILTER (WHERE age >= 60)::int AS over_60,
        count(*) FILTER (WHERE age >= 80)::int AS over_80,
        count(*) FILTER (WHERE disabled)::int AS disabled,
        count(*) FILTER (WHERE disabled AND age >= 60)::int AS disabled_over_60
      FROM (SELECT p.id, p.household_id, p.sex, p.relation, p.birth_date, extract(year FROM age({asOf}::date, p.birth_date))::int AS age,
              (e.person_id IS NOT NULL) AS employed, (u.person_id IS NOT NULL) AS unemployed,
              (s.person_id IS NOT NULL) AS in_school, (dc.person_id IS NOT NULL) AS disabled
            FROM person p
            -- Joins to sets rather than correlated EXISTS: one hash join each over the whole city.
            LEFT JOIN (SELECT DISTINCT person_id FROM employment WHERE start_date <= {asOf} AND (end_date IS NULL OR end_date >= {asOf})) e ON e.person_id = p.id
            LEFT JOIN (SELECT DISTINCT person_id FROM hr_unemployment_registration WHERE registered_on <= {asOf} AND (ended_on IS NULL OR ended_on > {asOf})) u ON u.person_id = p.id
            LEFT JOIN (SELECT DISTINCT person_id FROM edu_student WHERE school_year = ${SCHOOL_YEAR}) s ON s.person_id = p.id
            LEFT JOIN (SELECT DISTINCT person_id FROM disability_certificate WHERE issued_on <= {asOf}) dc ON dc.person_id = p.id
            WHERE p.household_id IS NOT NULL AND ${LIVING}) p
      GROUP BY p.household_id) m ON m.household_id = h.id
    LEFT JOIN (SELECT household_id, bool_or(kind = 'dibao') AS dibao, bool_or(kind = 'extreme_poverty') AS extreme_poverty,
                      bool_or(kind = 'low_income') AS low_income
               FROM civil_assistance WHERE household_id IS NOT NULL AND start_date <= {asOf} AND (end_date IS NULL OR end_date >= {asOf})
               GROUP BY household_id) ca ON ca.household_id = h.id`,
  where: 'm.members IS NOT NULL',
  includes: [],
  facts: [
    { name: 'hukou_type', type: 'string', zh: '户口性质', en: 'Hukou type', department: 'public_security', values: ['urban', 'rural'], sql: 'h.hukou_type' },
    { name: 'members', type: 'int', zh: '家庭人数', en: 'Members', department: 'public_security', unit: 'person', sql: 'm.members' },
    { name: 'working_age_members', type: 'int', zh: '法定劳动年龄内人数(不含在校生)', en: 'Working-age members (not in school)', department: 'public_security', unit: 'person', sql: 'm.working_age' },
    { name: 'employed_members', type: 'int', zh: '就业人数', en: 'Employed members', department: 'hrss', unit: 'person', sql: 'm.employed' },
    { name: 'registered_unemployed_members', type: 'int', zh: '登记失业人数', en: 'Registered unemployed members', department: 'hrss', unit: 'person', sql: 'm.unemployed' },
    { name: 'members_over_60', type: 'int', zh: '60周岁以上人数', en: 'Members aged 60+', department: 'public_security', unit: 'person', sql: 'm.over_60' },
    { name: 'members_over_80', type: 'int', zh: '80周岁以上人数', en: 'Members aged 80+', department: 'public_security', unit: 'person', sql: 'm.over_80' },
    { name: 'disabled_members', type: 'int', zh: '残疾人数', en: 'Members with disability', department: 'disabled', unit: 'person', sql: 'm.disabled' },
    { name: 'disabled_members_over_60', type: 'int', zh: '60周岁以上残疾人数', en: 'Members with disability aged 60+', department: 'disabled', unit: 'person', sql: 'm.disabled_over_60' },
    { name: 'dibao', type: 'bool', zh: '低保家庭', en: 'Dibao household', department: 'civil_affairs', sql: 'coalesce(ca.dibao, false)' },
    { name: 'extreme_poverty', type: 'bool', zh: '特困供养家庭', en: 'Extreme-poverty household', department: 'civil_affairs', sql: 'coalesce(ca.extreme_poverty, false)' },
    { name: 'low_income', type: 'bool', zh: '低保边缘家庭', en: 'Low-income household', department: 'civil_affairs', sql: 'coalesce(ca.low_income, false)' },
  ],
};

const enterprise: EntityDef = {
  entity: 'enterprise',
  zh: '企业',
  en: 'Enterprise',
  idSql: 'ent.id',
  districtSql: 'ent.district_code',
  keys: [],
  from: `enterprise ent
    LEFT JOIN (SELECT e.enterprise_id, count(DISTINCT c.person_id)::int AS insured
               FROM contribution c JOIN employment e ON e.id = c.employment_id
               WHERE c.month = ${LAST_CLOSED_MONTH} GROUP BY e.enterprise_id) ins ON ins.enterprise_id = ent.id
    LEFT JOIN (SELECT enterprise_id, count(*)::int AS hires FROM employment
               WHERE start_date <= {asOf} AND start_date > ({asOf}::date - interval '12 months') GROUP BY enterprise_id) hires ON hires.enterprise_id = ent.id`,
  includes: [],
  facts: [
    { name: 'insured_headcount', type: 'int', zh: '上月参保职工人数', en: 'Insured headcount last month', department: 'hrss', unit: 'person', sql: 'coalesce(ins.insured, 0)' },
    { name: 'hires_last_12_months', type: 'int', zh: '近12个月新招用人数', en: 'Hires in the last 12 months', department: 'hrss', unit: 'person', sql: 'coalesce(hires.hires, 0)' },
    { name: 'size', type: 'string', zh: '企业规模', en: 'Size', department: 'market_regulation', values: ['large', 'medium', 'small', 'micro'], sql: 'ent.size' },
    { name: 'industry_section', type: 'string', zh: '行业门类', en: 'Industry section', department: 'market_regulation', sql: 'ent.industry_section' },
    { name: 'years_established', type: 'int', zh: '成立年数', en: 'Years since established', department: 'market_regulation', unit: 'year', sql: `extract(year FROM age({asOf}::date, ent.established_on))::int` },
  ],
};

const employment: EntityDef = {
  entity: 'employment',
  zh: '招用关系',
  en: 'Employment',
  idSql: 'emp.id',
  districtSql: 'emp.district_code',
  keys: [
    { name: 'person_id', sql: 'emp.person_id' },
    { name: 'enterprise_id', sql: 'emp.enterprise_id' },
  ],
  from: `employment emp
    LEFT JOIN (SELECT employment_id, count(*)::int AS months, bool_or(month = ${LAST_CLOSED_MONTH}) AS last_month,
                      bool_or(month = ${LAST_CLOSED_MONTH} AND pension_fen > 0) AS pension, bool_or(month = ${LAST_CLOSED_MONTH} AND unemployment_fen > 0) AS unemployment,
                      bool_or(month = ${LAST_CLOSED_MONTH} AND injury_fen > 0) AS injury
               FROM contribution WHERE month < date_trunc('month', {asOf}::date) GROUP BY employment_id) c ON c.employment_id = emp.id`,
  where: 'emp.start_date <= {asOf} AND (emp.end_date IS NULL OR emp.end_date >= {asOf})',
  includes: [
    { entity: 'person', on: 'emp.person_id' },
    { entity: 'enterprise', on: 'emp.enterprise_id' },
  ],
  facts: [
    { name: 'months_employed', type: 'int', zh: '已在职月数', en: 'Months employed', department: 'hrss', unit: 'month',
      sql: `((extract(year FROM age({asOf}::date, emp.start_date)) * 12) + extract(month FROM age({asOf}::date, emp.start_date)))::int` },
    { name: 'monthly_wage_fen', type: 'int', zh: '月工资(分)', en: 'Monthly wage (fen)', department: 'hrss', unit: 'fen', sql: 'emp.monthly_wage_fen' },
    { name: 'contribution_months', type: 'int', zh: '本岗位缴费月数(近12个月)', en: 'Months contributed in this job (last 12)', department: 'hrss', unit: 'month', sql: 'coalesce(c.months, 0)' },
    { name: 'insured_last_month', type: 'bool', zh: '上月已参保缴费', en: 'Insured last month', department: 'hrss', sql: 'coalesce(c.last_month, false)' },
    { name: 'pension_paid_last_month', type: 'bool', zh: '上月缴纳职工养老保险', en: 'Employee pension contribution paid last month', department: 'hrss', sql: 'coalesce(c.pension, false)' },
    { name: 'unemployment_paid_last_month', type: 'bool', zh: '上月缴纳失业保险', en: 'Unemployment insurance contribution paid last month', department: 'hrss', sql: 'coalesce(c.unemployment, false)' },
    { name: 'injury_paid_last_month', type: 'bool', zh: '上月缴纳工伤保险', en: 'Work-injury insurance contribution paid last month', department: 'hrss', sql: 'coalesce(c.injury, false)' },
    { name: 'registered_unemployed_before_hire', type: 'bool', zh: '入职前处于失业登记状态', en: 'Registered unemployed when hired', department: 'hrss',
      sql: `EXISTS (SELECT 1 FROM hr_unemployment_registration u WHERE u.person_id = emp.person_id AND u.registered_on < emp.start_date AND (u.ended_on IS NULL OR u.ended_on >= emp.start_date))` },
  ],
};

// A benefit award (社保待遇): a pension, unemployment benefit or work-injury allowance paid monthly.
// The insurance risk rules read it; benefit policies are not written for it. It keeps awards of the
// dead and of persons in custody (the person entity holds the living only), and reads the payment
// ledger of the last 12 months. A payment is due through the month of death or of the start of
// custody, not after (养老金自死亡次月起停发; 服刑期间停发).
const PAY_WINDOW = `(date_trunc('month', {asOf}::date) - interval '12 months')`;
const benefit: EntityDef = {
  entity: 'benefit',
  zh: '社保待遇',
  en: 'Benefit award',
  idSql: 'a.id',
  districtSql: 'a.district_code',
  keys: [{ name: 'person_id', sql: 'a.person_id' }],
  from: `benefit_award a
    JOIN person bp ON bp.id = a.person_id
    LEFT JOIN police_death bd ON bd.person_id = a.person_id AND bd.death_date <= {asOf}
    LEFT JOIN (SELECT award_id, count(*)::int AS months, sum(amount_fen)::bigint AS fen, max(amount_fen)::bigint AS max_fen
               FROM benefit_payment WHERE month >= ${PAY_WINDOW} AND month <= {asOf} GROUP BY award_id) pay ON pay.award_id = a.id
    LEFT JOIN (SELECT y.award_id, count(*)::int AS months, sum(y.amount_fen)::bigint AS fen
               FROM benefit_payment y JOIN police_death d ON d.person_id = y.person_id AND d.death_date <= {asOf}
               WHERE y.month > date_trunc('month', d.death_date) GROUP BY y.award_id) dead ON dead.award_id = a.id
    LEFT JOIN (SELECT y.award_id, count(*)::int AS months, sum(y.amount_fen)::bigint AS fen
               FROM benefit_payment y JOIN justice_custody jc ON jc.person_id = y.person_id AND jc.start_date <= {asOf}
               WHERE y.month > date_trunc('month', jc.start_date) AND (jc.end_date IS NULL OR y.month < date_trunc('month', jc.end_date))
               GROUP BY y.award_id) cust ON cust.award_id = a.id
    LEFT JOIN (SELECT DISTINCT person_id FROM justice_custody WHERE start_date <= {asOf} AND (end_date IS NULL OR end_date >= {asOf})) incust ON incust.person_id = a.person_id
    LEFT JOIN (SELECT y.award_id, count(*)::int AS months, sum(y.amount_fen)::bigint AS fen
               FROM benefit_payment y JOIN benefit_award u ON u.id = y.award_id AND u.kind = 'unemployment_benefit'
               WHERE y.month >= ${PAY_WINDOW} AND EXISTS (SELECT 1 FROM contribution c WHERE c.person_id = y.person_id AND c.month = y.month)
               GROUP BY y.award_id) work ON work.award_id = a.id
    LEFT JOIN (SELECT y.award_id, count(*)::int AS months, sum(y.amount_fen)::bigint AS fen
               FROM benefit_payment y JOIN benefit_award x ON x.id = y.award_id
               JOIN benefit_award o ON o.person_id = x.person_id AND o.kind = x.kind AND (o.start_month, o.id) < (x.start_month, x.id)
               JOIN benefit_payment op ON op.award_id = o.id AND op.month = y.month
               WHERE y.month >= ${PAY_WINDOW} GROUP BY y.award_id) dup ON dup.award_id = a.id
    LEFT JOIN (SELECT a1.id AS award_id, count(DISTINCT a2.person_id)::int AS n
               FROM benefit_award a1 JOIN person p1 ON p1.id = a1.person_id
               JOIN benefit_award a2 ON a2.bank_account_hash = a1.bank_account_hash AND a2.person_id <> a1.person_id AND a2.status = 'active'
               JOIN person p2 ON p2.id = a2.person_id
               WHERE a1.bank_account_hash IS NOT NULL AND (p1.household_id IS NULL OR p2.household_id IS DISTINCT FROM p1.household_id)
               GROUP BY a1.id) shared ON shared.award_id = a.id`,
  where: `a.start_month <= {asOf} AND (a.status = 'active' OR a.status_on >= ({asOf}::date - interval '12 months'))`,
  includes: [],
  facts: [
    { name: 'kind', type: 'string', zh: '待遇类别', en: 'Benefit kind', department: 'hrss', values: ['employee_pension', 'resident_pension', 'unemployment_benefit', 'work_injury_allowance'], sql: 'a.kind' },
    { name: 'status', type: 'string', zh: '待遇状态', en: 'Award status', department: 'hrss', values: ['active', 'suspended', 'terminated'], sql: 'a.status' },
    { name: 'paid_locally', type: 'bool', zh: '由本市经办机构发放', en: 'Paid by a Chongqing agency', department: 'hrss', sql: `(a.paying_region LIKE '50%')` },
    { name: 'monthly_amount_fen', type: 'int', zh: '月待遇标准(分)', en: 'Monthly amount (fen)', department: 'hrss', unit: 'fen', sql: 'a.monthly_amount_fen' },
    { name: 'recipient_age', type: 'int', zh: '领取人年龄(周岁)', en: 'Recipient age (full years)', department: 'public_security', unit: 'year', sql: `extract(year FROM age({asOf}::date, bp.birth_date))::int` },
    { name: 'recipient_deceased', type: 'bool', zh: '领取人已死亡(公安)', en: 'Recipient deceased (public security)', department: 'public_security', sql: '(bd.person_id IS NOT NULL)' },
    { name: 'months_paid_after_death', type: 'int', zh: '死亡次月起仍发放的月数', en: 'Months paid after the month of death', department: 'hrss', unit: 'month', sql: 'coalesce(dead.months, 0)' },
    { name: 'paid_after_death_fen', type: 'int', zh: '死亡次月起发放金额(分)', en: 'Paid after the month of death (fen)', department: 'hrss', unit: 'fen', sql: 'coalesce(dead.fen, 0)' },
    { name: 'in_custody', type: 'bool', zh: '正在服刑(司法)', en: 'In prison custody (justice)', department: 'justice', sql: '(incust.person_id IS NOT NULL)' },
    { name: 'paid_in_custody_fen', type: 'int', zh: '服刑期间发放金额(分)', en: 'Paid during custody (fen)', department: 'hrss', unit: 'fen', sql: 'coalesce(cust.fen, 0)' },
    { name: 'months_paid_while_contributing', type: 'int', zh: '近12个月领取期间同时缴纳职工社保的月数', en: 'Months paid while contributing as an employee (last 12)', department: 'hrss', unit: 'month', sql: 'coalesce(work.months, 0)' },
    { name: 'paid_while_contributing_fen', type: 'int', zh: '近12个月领取期间同时缴纳职工社保的发放金额(分)', en: 'Paid while contributing as an employee, last 12 months (fen)', department: 'hrss', unit: 'fen', sql: 'coalesce(work.fen, 0)' },
    { name: 'months_paid_twice', type: 'int', zh: '近12个月与另一笔同类待遇同月发放的月数', en: 'Months paid alongside another award of the same kind (last 12)', department: 'hrss', unit: 'month', sql: 'coalesce(dup.months, 0)' },
    { name: 'paid_twice_fen', type: 'int', zh: '近12个月重复发放金额(分)', en: 'Paid twice, last 12 months (fen)', department: 'hrss', unit: 'fen', sql: 'coalesce(dup.fen, 0)' },
    { name: 'months_paid_12m', type: 'int', zh: '近12个月发放月数', en: 'Months paid (last 12)', department: 'hrss', unit: 'month', sql: 'coalesce(pay.months, 0)' },
    { name: 'paid_12m_fen', type: 'int', zh: '近12个月发放金额(分)', en: 'Paid in the last 12 months (fen)', department: 'hrss', unit: 'fen', sql: 'coalesce(pay.fen, 0)' },
    { name: 'max_monthly_paid_fen', type: 'int', zh: '近12个月单月最高发放金额(分)', en: 'Highest monthly payment, last 12 months (fen)', department: 'hrss', unit: 'fen', sql: 'pay.max_fen' },
    { name: 'account_shared_unrelated', type: 'int', zh: '同一收款账户的非同户领取人数', en: 'Other recipients outside the household paid into the same account', department: 'hrss', unit: 'person',
      sql: 'CASE WHEN a.bank_account_hash IS NULL THEN NULL ELSE coalesce(shared.n, 0) END' },
  ],
};

export const ENTITIES: Record<EntityType, EntityDef> = { person, household, enterprise, employment, benefit };
/** Snapshot build order: included entities first. */
export const BUILD_ORDER: EntityType[] = ['household', 'enterprise', 'person', 'employment', 'benefit'];

/** The namespaces a policy over `entity` may name, with the entity they belong to. */
export function namespacesOf(entity: EntityType): EntityType[] {
  return [entity, ...ENTITIES[entity].includes.map((i) => i.entity)];
}

/** Facts visible to policies over `entity`, keyed `namespace.fact`, with their snapshot column. */
export type VisibleFact = FactDef & { namespace: EntityType; path: string; column: string };
export function visibleFacts(entity: EntityType): Map<string, VisibleFact> {
  const out = new Map<string, VisibleFact>();
  const add = (ns: EntityType) => {
    for (const f of ENTITIES[ns].facts) out.set(`${ns}.${f.name}`, { ...f, namespace: ns, path: `${ns}.${f.name}`, column: `${ns}__${f.name}` });
  };
  add(entity);
  // Included entities bring their own includes too (employment sees person, which sees household).
  const seen = new Set<EntityType>([entity]);
  const walk = (e: EntityType) => {
    for (const inc of ENTITIES[e].includes) {
      if (seen.has(inc.entity)) continue;
      seen.add(inc.entity);
      add(inc.entity);
      walk(inc.entity);
    }
  };
  walk(entity);
  return out;
}

/** Stable hash of the catalogue's definitions: a snapshot records which catalogue built it. */
export const CATALOGUE_HASH = createHash('sha256').update(JSON.stringify(BUILD_ORDER.map((e) => ENTITIES[e]))).digest('hex').slice(0, 16);

const IDENT = /^[a-z][a-z0-9_]*$/;
for (const e of Object.values(ENTITIES)) for (const f of e.facts) if (!IDENT.test(f.name)) throw new Error(`bad fact name ${f.name}`);
