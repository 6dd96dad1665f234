// The shipped policy pack (data/policies): every file is a valid, compilable definition that the
// engine can load, and the rules say what their documentation says, checked by evaluating them on
// hand-made fact rows with the interpreter (NULL = undetermined).
import { readdirSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { dataPath } from '../../paths.js';
import { evaluate, type FactRow, type Value } from './interpret.js';
import { compileDefinition, PolicyDefinition } from './policy.js';

const DIR = dataPath('policies');
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
  .sort();

const REQUIRED = [
  'social-insurance-subsidy', // 社会保险补贴
  'one-off-hiring-subsidy', // 一次性吸纳就业补贴
  'vocational-training-subsidy', // 职业培训补贴
  'training-living-allowance', // 培训期间生活费补贴
  'business-loan-interest-subsidy', // 创业担保贷款贴息
  'unemployment-insurance-benefit', // 失业保险金
  'graduate-job-search-subsidy', // 一次性求职创业补贴
  'resident-pension-contribution-subsidy', // 城乡居民养老保险缴费补贴
  'student-financial-aid', // 家庭经济困难学生资助
  'elderly-home-adaptation', // 特殊困难老年人家庭适老化改造
  'public-rental-housing', // 公租房保障资格
  'zero-employment-household', // 零就业家庭认定
  'employment-difficulty-recognition', // 就业困难人员认定
];

/** Measure ids of the plan: M1-M42 without M25 (../shared/docs/plan-outline.md). */
const MEASURES = new Set(Array.from({ length: 42 }, (_, i) => `M${i + 1}`).filter((m) => m !== 'M25'));
const DEPARTMENTS = new Set((JSON.parse(readFileSync(dataPath('departments', 'chongqing.json'), 'utf8')) as { departments: { code: string }[] }).departments.map((d) => d.code));

function load(file: string): PolicyDefinition {
  const parsed = PolicyDefinition.safeParse(parseYaml(readFileSync(`${DIR}/${file}`, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${JSON.stringify(parsed.error.issues)}`);
  return parsed.data;
}
const PACK = new Map(FILES.map((f) => [f.replace(/\.ya?ml$/, ''), load(f)]));

function compiled(id: string) {
  const def = PACK.get(id);
  if (!def) throw new Error(`no policy ${id}`);
  const c = compileDefinition(def);
  if (!c.ok) throw new Error(`${id}: ${JSON.stringify(c.issues)}`);
  return c;
}

/** A fact row from `namespace.fact` keys; facts not given are NULL (undetermined). */
const facts = (values: Record<string, Value>): FactRow => Object.fromEntries(Object.entries(values).map(([k, v]) => [k.replace('.', '__'), v]));

/** The outcome of a policy for one row: eligible, refused (a criterion is false) or undetermined. */
function outcome(id: string, row: FactRow): { result: 'eligible' | 'refused' | 'undetermined'; amount: Value; failed: string[] } {
  const c = compiled(id);
  const values = c.criteria.map((k) => evaluate(k.node, row));
  const failed = c.criteria.filter((_, i) => values[i] === false).map((k) => k.label.en);
  // As the engine decides: eligible needs every criterion true and the amount determined.
  const amount = evaluate(c.amount, row);
  const result = failed.length > 0 ? 'refused' : values.some((v) => v === null) || amount === null ? 'undetermined' : 'eligible';
  return { result, amount: result === 'eligible' ? amount : null, failed };
}

describe('the policy pack', () => {
  it('has at least 12 policies, the required ones among them', () => {
    expect(PACK.size).toBeGreaterThanOrEqual(12);
    for (const id of REQUIRED) expect([...PACK.keys()], id).toContain(id);
  });

  it.each(FILES)('%s parses, compiles without issues, and is named after its id', (file) => {
    const def = load(file);
    expect(file.replace(/\.ya?ml$/, '')).toBe(def.id);
    const c = compileDefinition(def);
    expect(c.ok ? [] : c.issues).toEqual([]);
  });

  it.each(FILES)('%s cites its basis, a known department and plan measures', (file) => {
    const def = load(file);
    expect(def.basis.length).toBeGreaterThanOrEqual(1);
    for (const b of def.basis) expect(b.title.trim()).not.toBe('');
    expect(DEPARTMENTS.has(def.department), def.department).toBe(true);
    expect(def.measures.length).toBeGreaterThanOrEqual(1);
    for (const m of def.measures) expect(MEASURES.has(m), m).toBe(true);
    // A money amount that is not recognition only must state what it assumes.
    if (def.amount.expr.trim() !== '0') expect(def.assumptions.length, 'assumptions').toBeGreaterThanOrEqual(1);
    // Whom the policy is about is marked, so that the near-miss list holds only people one step away.
    expect(def.criteria.some((c) => c.target), 'a target-group criterion').toBe(true);
  });

  it('names only existing pack policies of the same entity in exclusions, one side declaring', () => {
    let takeHigher = 0;
    for (const def of PACK.values()) {
      for (const x of def.exclusions) {
        const other = PACK.get(x.policy);
        expect(other, `${def.id} excludes ${x.policy}`).toBeDefined();
        expect(other!.entity, `${def.id} / ${x.policy}`).toBe(def.entity);
        // The engine lets the declaring policy give way (not_both) or compares both ways (take_higher);
        // declaring the same pair from both sides would exclude twice.
        expect(other!.exclusions.map((y) => y.policy), `${x.policy} also excludes ${def.id}`).not.toContain(def.id);
        if (x.mode === 'take_higher') takeHigher++;
      }
    }
    expect(takeHigher).toBeGreaterThanOrEqual(1);
    expect(PACK.get('training-living-allowance')!.exclusions).toContainEqual({ policy: 'unemployment-insurance-benefit', mode: 'not_both' });
  });
});

describe('the rules, on hand-made facts', () => {
  const dibaoPerson = { 'person.dibao': true, 'person.low_income': false, 'person.extreme_poverty': false, 'person.has_disability': false, 'person.lifted_from_poverty': false, 'person.relapse_watch': false, 'person.former_fisherman': false };

  it('pays student aid by school stage, and only to students', () => {
    const student = (stage: string | null) => facts({ ...dibaoPerson, 'person.student_stage': stage });
    expect(outcome('student-financial-aid', student('preschool')).amount).toBe(75_000);
    expect(outcome('student-financial-aid', student('junior')).amount).toBe(125_000);
    expect(outcome('student-financial-aid', student('vocational')).amount).toBe(200_000);
    expect(outcome('student-financial-aid', student('higher')).amount).toBe(330_000);
    // Not a student is a refusal, not missing data.
    expect(outcome('student-financial-aid', student(null)).result).toBe('refused');
  });

  it('leaves public rental housing undetermined while the housing department has no record, refuses owners', () => {
    const head = { ...dibaoPerson, 'person.household_head': true, 'person.age': 45, 'person.entitled_group': false };
    expect(outcome('public-rental-housing', facts(head)).result).toBe('undetermined');
    expect(outcome('public-rental-housing', facts({ ...head, 'person.owns_home': false, 'person.public_rental_tenant': false }))).toEqual({ result: 'eligible', amount: 0, failed: [] });
    expect(outcome('public-rental-housing', facts({ ...head, 'person.owns_home': true, 'person.housing_floor_area_sqm': 30, 'person.public_rental_tenant': false })).result).toBe('refused');
    // Owners with too little room qualify.
    expect(outcome('public-rental-housing', facts({ ...head, 'person.owns_home': true, 'person.housing_floor_area_sqm': 9, 'person.public_rental_tenant': false })).result).toBe('eligible');
    // Not the head: refused, so that other members do not crowd the missing-data list.
    expect(outcome('public-rental-housing', facts({ ...head, 'person.household_head': false })).result).toBe('refused');
  });

  it('subsidises loan interest at 2% of the principal, capped at 200,000 yuan of principal', () => {
    const loan = { 'person.has_guaranteed_loan': true, 'person.guaranteed_loan_subsidy_eligible': true, 'person.guaranteed_loan_overdue': false, 'person.guaranteed_loan_months': 10 };
    expect(outcome('business-loan-interest-subsidy', facts({ ...loan, 'person.guaranteed_loan_principal_fen': 10_000_000 })).amount).toBe(200_000);
    expect(outcome('business-loan-interest-subsidy', facts({ ...loan, 'person.guaranteed_loan_principal_fen': 30_000_000 })).amount).toBe(400_000);
    expect(outcome('business-loan-interest-subsidy', facts({ ...loan, 'person.guaranteed_loan_principal_fen': 10_000_000, 'person.guaranteed_loan_subsidy_eligible': null })).result).toBe('undetermined');
    expect(outcome('business-loan-interest-subsidy', facts({ ...loan, 'person.guaranteed_loan_principal_fen': 10_000_000, 'person.guaranteed_loan_months': 36 })).failed).toEqual(['Within the subsidy period (3 years from the loan)']);
  });

  it('pays unemployment-insurance benefit monthly at 90% of the minimum wage after a year of contributions', () => {
    const base = { 'person.registered_unemployed': true, 'person.employed': false, 'person.age': 40, 'person.sex': 'M' };
    expect(outcome('unemployment-insurance-benefit', facts({ ...base, 'person.unemployment_insured_months': 12 })).amount).toBe(189_000);
    expect(outcome('unemployment-insurance-benefit', facts({ ...base, 'person.unemployment_insured_months': 8 })).failed).toEqual(['Paid unemployment insurance for at least a year before losing the job']);
  });

  it('subsidises certified training of a target group; finishing without a certificate is the one step missing', () => {
    const trainee = { ...dibaoPerson, 'person.age': 30, 'person.sex': 'F', 'person.registered_unemployed': false, 'person.hukou_type': 'urban', 'person.trained_last_12_months': 1 };
    expect(outcome('vocational-training-subsidy', facts({ ...trainee, 'person.training_certified': true })).amount).toBe(100_000);
    const uncertified = outcome('vocational-training-subsidy', facts({ ...trainee, 'person.training_certified': false }));
    expect(uncertified.failed).toEqual(['Obtained a vocational qualification or skill-level certificate']);
    expect(compiled('vocational-training-subsidy').criteria.find((c) => c.label.en === uncertified.failed[0])!.target).toBe(false);
  });

  it('recognises a zero-employment household only when someone there seeks work', () => {
    const h = (employed: number, registered: number) => facts({ 'household.working_age_members': 2, 'household.employed_members': employed, 'household.registered_unemployed_members': registered });
    expect(outcome('zero-employment-household', h(0, 1))).toEqual({ result: 'eligible', amount: 0, failed: [] });
    expect(outcome('zero-employment-household', h(1, 1)).result).toBe('refused');
    expect(outcome('zero-employment-household', h(0, 0)).result).toBe('refused');
  });

  it('recognises a person in employment difficulty only when out of work, of working age and in a category', () => {
    const none = { 'person.dibao': false, 'person.low_income': false, 'person.extreme_poverty': false, 'person.has_disability': false, 'person.former_fisherman': false, 'person.lifted_from_poverty': false, 'person.registered_unemployed': false, 'household.employed_members': 1 };
    const p = (over: Record<string, Value>) => facts({ 'person.age': 45, 'person.sex': 'M', 'person.employed': false, ...none, ...over });
    expect(outcome('employment-difficulty-recognition', p({ 'person.dibao': true }))).toEqual({ result: 'eligible', amount: 0, failed: [] });
    expect(outcome('employment-difficulty-recognition', p({ 'person.dibao': true, 'person.employed': true })).result).toBe('refused');
    expect(outcome('employment-difficulty-recognition', p({ 'person.dibao': true, 'person.student_stage': 'higher' })).result).toBe('refused');
    expect(outcome('employment-difficulty-recognition', p({ 'person.dibao': true, 'person.age': 58, 'person.sex': 'F' })).result).toBe('refused');
    // Older unemployed: a woman of 40 registered as unemployed is in; a man of 45 is not, until a year has passed.
    expect(outcome('employment-difficulty-recognition', p({ 'person.sex': 'F', 'person.age': 40, 'person.registered_unemployed': true, 'person.unemployed_months': 2 })).result).toBe('eligible');
    expect(outcome('employment-difficulty-recognition', p({ 'person.registered_unemployed': true, 'person.unemployed_months': 2 })).result).toBe('refused');
    expect(outcome('employment-difficulty-recognition', p({ 'person.registered_unemployed': true, 'person.unemployed_months': 12 })).result).toBe('eligible');
    // A zero-employment household member counts only when registered as unemployed.
    expect(outcome('employment-difficulty-recognition', p({ 'household.employed_members': 0 })).result).toBe('refused');
    expect(outcome('employment-difficulty-recognition', p({ 'household.employed_members': 0, 'person.registered_unemployed': true, 'person.unemployed_months': 1 })).result).toBe('eligible');
  });

  it('counts a graduating student in difficulty as undetermined until the graduation year is known', () => {
    const s = { ...dibaoPerson, 'person.student_stage': 'higher' };
    expect(outcome('graduate-job-search-subsidy', facts(s)).result).toBe('undetermined');
    expect(outcome('graduate-job-search-subsidy', facts({ ...s, 'person.years_since_graduation': -1 })).amount).toBe(100_000);
    expect(outcome('graduate-job-search-subsidy', facts({ ...s, 'person.student_stage': 'senior' })).result).toBe('refused');
  });

  it('subsidises an enterprise hiring a person in difficulty, for 3 years or up to retirement', () => {
    const hire = { 'employment.registered_unemployed_before_hire': true, 'employment.insured_last_month': true, 'person.sex': 'F', 'person.age': 42, 'household.employed_members': 2, 'person.dibao': false, 'person.low_income': false, 'person.extreme_poverty': false, 'person.has_disability': false, 'person.lifted_from_poverty': false, 'person.former_fisherman': false };
    expect(outcome('social-insurance-subsidy', facts({ ...hire, 'employment.months_employed': 5 })).amount).toBe(66_066);
    expect(outcome('social-insurance-subsidy', facts({ ...hire, 'employment.months_employed': 40 })).result).toBe('refused');
    expect(outcome('social-insurance-subsidy', facts({ ...hire, 'employment.months_employed': 40, 'person.age': 46 })).result).toBe('eligible');
    expect(outcome('social-insurance-subsidy', facts({ ...hire, 'employment.months_employed': 5, 'person.age': 35 })).result).toBe('refused');
  });

  it('gives the one-off hiring subsidies for a recent graduate, not for a vocational-school leaver', () => {
    const hire = { 'employment.months_employed': 4, 'employment.contribution_months': 4, 'employment.insured_last_month': true, 'employment.registered_unemployed_before_hire': false, 'person.age': 23, 'person.unemployment_insurance': true };
    const grad = { ...hire, 'person.years_since_graduation': 1, 'person.graduate_level': 'bachelor' };
    expect(outcome('one-off-hiring-subsidy', facts(grad)).amount).toBe(100_000);
    expect(outcome('job-expansion-subsidy', facts(grad)).amount).toBe(150_000);
    expect(outcome('one-off-hiring-subsidy', facts({ ...grad, 'person.graduate_level': 'vocational' })).result).toBe('refused');
    // Not a graduate at all is a refusal, not missing data.
    expect(outcome('one-off-hiring-subsidy', facts(hire)).result).toBe('refused');
  });
});
