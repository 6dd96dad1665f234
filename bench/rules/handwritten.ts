// Hand-written SQL for the person policies of data/policies, as a developer would write it
// without the rules engine: one pass over the person snapshot table counting, per policy, the
// eligible persons and the sum of their (capped) amounts. Each entry records the CEL it was
// written from; when the pack's text differs, the benchmark leaves that policy out of the
// comparison (and says so) instead of comparing against a stale translation.
//
// Eligibility is "every criterion true": the criteria are ANDed and FILTER (WHERE …) keeps only
// rows where that is TRUE, so SQL's NULL does the Kleene logic.

export type Handwritten = {
  id: string;
  /** The CEL this SQL was written from (criteria, then amount, then cap). */
  cel: { criteria: string[]; amount: string; capFen: number | null };
  eligible: string;
  amount: string;
};

const HARDSHIP_WORKER = `(person__dibao OR person__low_income OR person__extreme_poverty OR person__has_disability
      OR person__lifted_from_poverty OR person__former_fisherman
      OR (person__sex = 'F' AND person__age >= 40) OR (person__sex = 'M' AND person__age >= 50))`;
const WORKING_AGE = `person__age >= 16 AND person__age < CASE WHEN person__sex = 'M' THEN 60 ELSE 55 END`;

export const HANDWRITTEN: Handwritten[] = [
  {
    id: 'business-loan-interest-subsidy',
    cel: {
      criteria: ['person.has_guaranteed_loan', 'person.guaranteed_loan_subsidy_eligible', '!person.guaranteed_loan_overdue', 'person.guaranteed_loan_months < 36'],
      amount: '(person.guaranteed_loan_principal_fen > 20000000 ? 20000000 : person.guaranteed_loan_principal_fen) * 200 / 10000',
      capFen: 400000,
    },
    eligible: `person__has_guaranteed_loan AND person__guaranteed_loan_subsidy_eligible AND NOT person__guaranteed_loan_overdue
      AND person__guaranteed_loan_months < 36`,
    amount: `LEAST(LEAST(person__guaranteed_loan_principal_fen, 20000000) * 200 / 10000, 400000)`,
  },
  {
    id: 'flexible-employment-insurance-subsidy',
    cel: {
      criteria: [
        'person.employee_pension && !person.employed',
        'person.age >= 16 && person.age < (person.sex == "M" ? 60 : 55)',
        'person.dibao || person.low_income || person.extreme_poverty || person.has_disability || person.lifted_from_poverty || person.former_fisherman || (person.sex == "F" && person.age >= 40) || (person.sex == "M" && person.age >= 50)',
      ],
      amount: '400400 * 20 / 100 * 2 / 3',
      capFen: null,
    },
    eligible: `person__employee_pension AND NOT person__employed AND ${WORKING_AGE} AND ${HARDSHIP_WORKER}`,
    amount: `400400 * 20 / 100 * 2 / 3`,
  },
  {
    id: 'graduate-job-search-subsidy',
    cel: {
      criteria: [
        'has(person.student_stage) && person.student_stage == "higher"',
        'person.years_since_graduation >= -1 && person.years_since_graduation <= 0',
        'person.dibao || person.low_income || person.extreme_poverty || person.lifted_from_poverty || person.has_disability',
      ],
      amount: '100000',
      capFen: null,
    },
    eligible: `person__student_stage = 'higher' AND person__years_since_graduation BETWEEN -1 AND 0
      AND (person__dibao OR person__low_income OR person__extreme_poverty OR person__lifted_from_poverty OR person__has_disability)`,
    amount: `100000`,
  },
  {
    id: 'public-rental-housing',
    cel: {
      criteria: [
        'person.household_head',
        'person.age >= 18',
        '!person.owns_home || person.housing_floor_area_sqm < 13',
        '!person.public_rental_tenant',
        'person.dibao || person.low_income || person.extreme_poverty || person.entitled_group',
      ],
      amount: '0',
      capFen: null,
    },
    eligible: `person__household_head AND person__age >= 18 AND (NOT person__owns_home OR person__housing_floor_area_sqm < 13)
      AND NOT person__public_rental_tenant AND (person__dibao OR person__low_income OR person__extreme_poverty OR person__entitled_group)`,
    amount: `0`,
  },
  {
    id: 'resident-pension-contribution-subsidy',
    cel: {
      criteria: [
        'person.resident_pension',
        'person.age >= 16 && person.age < 60 && !has(person.student_stage)',
        'person.dibao || person.extreme_poverty || (person.has_disability && person.disability_grade <= 2)',
      ],
      amount: '10000',
      capFen: null,
    },
    eligible: `person__resident_pension AND person__age >= 16 AND person__age < 60 AND person__student_stage IS NULL
      AND (person__dibao OR person__extreme_poverty OR (person__has_disability AND person__disability_grade <= 2))`,
    amount: `10000`,
  },
  {
    id: 'student-financial-aid',
    cel: {
      criteria: ['has(person.student_stage)', 'person.dibao || person.low_income || person.extreme_poverty || person.lifted_from_poverty || person.relapse_watch || person.has_disability'],
      amount:
        'person.student_stage == "preschool" ? 75000 : person.student_stage == "primary" ? 100000 : person.student_stage == "junior" ? 125000 : person.student_stage == "higher" ? 330000 : 200000',
      capFen: null,
    },
    eligible: `person__student_stage IS NOT NULL
      AND (person__dibao OR person__low_income OR person__extreme_poverty OR person__lifted_from_poverty OR person__relapse_watch OR person__has_disability)`,
    amount: `CASE person__student_stage WHEN 'preschool' THEN 75000 WHEN 'primary' THEN 100000 WHEN 'junior' THEN 125000 WHEN 'higher' THEN 330000 ELSE 200000 END`,
  },
  {
    id: 'training-living-allowance',
    cel: {
      criteria: [
        'person.trained_last_12_months >= 1',
        '(person.registered_unemployed && (person.dibao || person.low_income || person.extreme_poverty || person.has_disability || person.lifted_from_poverty || person.former_fisherman || (person.sex == "F" && person.age >= 40) || (person.sex == "M" && person.age >= 50) || person.unemployed_months >= 12)) || (household.working_age_members >= 1 && household.employed_members == 0)',
      ],
      amount: '60000',
      capFen: null,
    },
    eligible: `person__trained_last_12_months >= 1
      AND ((person__registered_unemployed AND (${HARDSHIP_WORKER} OR person__unemployed_months >= 12))
        OR (household__working_age_members >= 1 AND household__employed_members = 0))`,
    amount: `60000`,
  },
  {
    id: 'unemployment-insurance-benefit',
    cel: {
      criteria: ['person.registered_unemployed', 'person.unemployment_insured_months >= 12', '!person.employed', 'person.age < (person.sex == "M" ? 60 : 55)'],
      amount: '210000 * 90 / 100',
      capFen: null,
    },
    eligible: `person__registered_unemployed AND person__unemployment_insured_months >= 12 AND NOT person__employed
      AND person__age < CASE WHEN person__sex = 'M' THEN 60 ELSE 55 END`,
    amount: `210000 * 90 / 100`,
  },
  {
    id: 'vocational-training-subsidy',
    cel: {
      criteria: [
        'person.trained_last_12_months >= 1',
        'person.training_certified',
        'person.age >= 16 && person.age < (person.sex == "M" ? 60 : 55)',
        'person.registered_unemployed || person.lifted_from_poverty || person.dibao || person.low_income || person.extreme_poverty || person.former_fisherman || person.hukou_type == "rural" || (has(person.years_since_graduation) && person.years_since_graduation >= 0 && person.years_since_graduation <= 1)',
      ],
      amount: '100000',
      capFen: null,
    },
    eligible: `person__trained_last_12_months >= 1 AND person__training_certified AND ${WORKING_AGE}
      AND (person__registered_unemployed OR person__lifted_from_poverty OR person__dibao OR person__low_income OR person__extreme_poverty
        OR person__former_fisherman OR person__hukou_type = 'rural' OR person__years_since_graduation BETWEEN 0 AND 1)`,
    amount: `100000`,
  },
];

/** Whitespace-insensitive comparison of CEL text. */
export const sameCel = (a: string, b: string): boolean => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

/** The one statement: per policy i, n_i (eligible persons) and a_i (sum of their amounts). */
export function handwrittenStatement(table: string, entries: Handwritten[]): string {
  if (!/^snap_person_\d+$/.test(table)) throw new Error(`unexpected table ${table}`);
  const flags = entries.map((e, i) => `(${e.eligible}) IS TRUE AS e_${i},\n    ${e.amount} AS a_${i}`).join(',\n    ');
  const sums = entries.map((_, i) => `count(*) FILTER (WHERE e_${i}) AS n_${i}, coalesce(sum(a_${i}) FILTER (WHERE e_${i}), 0)::bigint AS a_${i}`).join(',\n  ');
  return `SELECT ${sums}\nFROM (SELECT ${flags}\n  FROM ${table}) s`;
}
