// Department data the policy pack needs beyond the foundation: guaranteed business loans
// (创业担保贷款, HR & social security) and housing status (住房保障/不动产比对, housing).
// Both are rows about persons, keyed and owned like the other department tables.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const run = (q: ReturnType<typeof sql>) => q.execute(db);

  // One row per loan contract. A loan is current from start_date to end_date unless settled
  // earlier (repaid_on). interest_subsidy_eligible is the handling office's assessment of the
  // borrower's group and project; NULL while not assessed, so that policies see "undetermined".
  await run(sql`CREATE TABLE entrepreneurship_loan (
    person_id bigint NOT NULL REFERENCES person(id),
    loan_no text NOT NULL UNIQUE,
    lender text NOT NULL,
    principal_fen integer NOT NULL CHECK (principal_fen > 0),
    start_date date NOT NULL,
    end_date date NOT NULL CHECK (end_date >= start_date),
    repaid_on date CHECK (repaid_on >= start_date),
    overdue boolean NOT NULL DEFAULT false,
    interest_subsidy_eligible boolean,
    district_code text NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (person_id, loan_no)
  )`);
  await run(sql`COMMENT ON TABLE entrepreneurship_loan IS 'guaranteed business loans (创业担保贷款), owned by hrss'`);
  await run(sql`COMMENT ON COLUMN entrepreneurship_loan.loan_no IS 'personal data: the loan contract number'`);
  await run(sql`COMMENT ON COLUMN entrepreneurship_loan.principal_fen IS 'personal data: the amount borrowed, in fen'`);

  // The housing department's status of a person on a date (home ownership from the real-estate
  // register, public rental tenancy). A person without a row is unknown, not "owns no home".
  await run(sql`CREATE TABLE housing_status (
    person_id bigint NOT NULL REFERENCES person(id),
    as_of date NOT NULL,
    owns_home boolean NOT NULL,
    public_rental_tenant boolean NOT NULL DEFAULT false,
    per_capita_floor_area_sqm integer CHECK (per_capita_floor_area_sqm >= 0),
    district_code text NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (person_id, as_of)
  )`);
  await run(sql`COMMENT ON TABLE housing_status IS 'housing status as of a date (住房保障/不动产比对), owned by housing'`);
  await run(sql`COMMENT ON COLUMN housing_status.owns_home IS 'personal data: owns a home in Chongqing (real-estate register)'`);
  await run(sql`COMMENT ON COLUMN housing_status.per_capita_floor_area_sqm IS 'personal data: household floor area per person, square metres'`);
}

export async function down(): Promise<void> {
  throw new Error('0003_policy_data cannot be reverted; restore from a backup instead');
}
