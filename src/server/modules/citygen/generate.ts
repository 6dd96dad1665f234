// The synthetic city, generated one household at a time as CSV lines for COPY. Nothing but a few
// bounded tables is kept: per-enterprise arrays (1 per 30 persons), the id-number sequence counters
// per (hukou district, birth date, sex), and the divisions. The population itself is never held.
// Deterministic: the same options give the same rows in the same order, whatever the caller does
// between households (flushes, awaits), because every random draw comes from seeded streams.
import type { Education, Relation } from '../../db/schema.js';
import { chongqingDivisions, makeCreditCode, makeIdNumber } from '../registry/index.js';
import * as D from './distributions.js';
import { CumulativeTable, hash32, Random, WeightedTable } from './random.js';

// --- Tables and columns (batch_id is appended by the writer) ------------------------------------

export const TABLE_COLUMNS = {
  enterprise: ['id', 'credit_code', 'name', 'industry_section', 'district_code', 'township_code', 'size', 'established_on'],
  household: ['id', 'district_code', 'village_code', 'hukou_type'],
  person: ['id', 'id_number', 'name', 'sex', 'birth_date', 'hukou_district_code', 'hukou_village_code', 'district_code', 'township_code', 'village_code', 'education', 'phone', 'household_id', 'relation'],
  employment: ['id', 'person_id', 'enterprise_id', 'district_code', 'start_date', 'end_date', 'monthly_wage_fen'],
  contribution: ['employment_id', 'month', 'person_id', 'district_code', 'base_fen', 'pension_fen', 'unemployment_fen', 'injury_fen'],
  civil_assistance: ['person_id', 'household_id', 'kind', 'start_date', 'end_date', 'monthly_amount_fen', 'district_code'],
  police_death: ['person_id', 'death_date', 'district_code'],
  police_hukou_move: ['person_id', 'move_date', 'from_village_code', 'to_village_code', 'district_code'],
  edu_graduate: ['person_id', 'graduation_year', 'school', 'level', 'major', 'district_code'],
  edu_student: ['person_id', 'school_year', 'stage', 'school', 'district_code'],
  disability_certificate: ['person_id', 'certificate_no', 'category', 'grade', 'issued_on', 'district_code'],
  veteran: ['person_id', 'discharge_date', 'service_branch', 'entitled_group', 'district_code'],
  poverty_alleviated: ['person_id', 'lifted_year', 'relapse_watch', 'district_code'],
  former_fisherman: ['person_id', 'registered_on', 'water_body', 'district_code'],
  hr_unemployment_registration: ['person_id', 'registered_on', 'ended_on', 'end_reason', 'district_code'],
  hr_insurance_enrolment: ['person_id', 'scheme', 'enrolled_on', 'status', 'district_code'],
  hr_training_record: ['person_id', 'course_code', 'course_name', 'kind', 'start_date', 'end_date', 'certificate_level', 'district_code'],
  medical_enrolment: ['person_id', 'year', 'scheme', 'district_code'],
  entrepreneurship_loan: ['person_id', 'loan_no', 'lender', 'principal_fen', 'start_date', 'end_date', 'repaid_on', 'overdue', 'interest_subsidy_eligible', 'district_code'],
  housing_status: ['person_id', 'as_of', 'owns_home', 'public_rental_tenant', 'per_capita_floor_area_sqm', 'district_code'],
} as const satisfies Record<string, readonly string[]>;

export type CityTable = keyof typeof TABLE_COLUMNS;

/** Write order: parents before the rows that reference them. */
export const TABLE_ORDER: readonly CityTable[] = Object.keys(TABLE_COLUMNS) as CityTable[];

/** The department that owns each table (codes of data/departments/chongqing.json). */
export const TABLE_DEPARTMENT: Record<CityTable, string> = {
  enterprise: 'market_regulation',
  household: 'public_security',
  person: 'public_security',
  employment: 'hrss',
  contribution: 'hrss',
  civil_assistance: 'civil_affairs',
  police_death: 'public_security',
  police_hukou_move: 'public_security',
  edu_graduate: 'education',
  edu_student: 'education',
  disability_certificate: 'disabled',
  veteran: 'veterans',
  poverty_alleviated: 'rural_revitalisation',
  former_fisherman: 'agriculture',
  hr_unemployment_registration: 'hrss',
  hr_insurance_enrolment: 'hrss',
  hr_training_record: 'hrss',
  medical_enrolment: 'medical_insurance',
  entrepreneurship_loan: 'hrss',
  housing_status: 'housing',
};

/** Receives one CSV line (no newline, no batch_id) per row. Fields never contain commas or quotes. */
export type RowSink = { row(table: CityTable, line: string): void };

export type GeneratorOptions = {
  seed: number;
  persons: number;
  /** Evaluation date 'YYYY-MM-DD': ages, enrolments and the 12 contribution months are relative to it. */
  asOf: string;
  /** Ids already used: generated ids start after these (0 for an empty registry). */
  idBase?: { person: number; household: number; enterprise: number; employment: number };
  /** Id numbers or credit codes already present, to be skipped. */
  isTaken?: (code: string) => boolean;
};

// --- Dates as day numbers (days since 1970-01-01, UTC calendar) ------------------------------------

const DAY_MS = 86_400_000;
/** "No date": day numbers of real dates can be negative (before 1970), so -1 cannot mean none. */
const NO_DAY = -1_000_000;
const dayFromYmd = (y: number, m: number, d: number) => Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
export function dayFromIso(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`Not a date: ${iso}`);
  return dayFromYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}
/** [year, month, day] of a day number (Hinnant's civil_from_days). */
function civil(day: number): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Formats day numbers as 'YYYY-MM-DD', memoised over the range the city uses. */
class DateText {
  readonly #from: number;
  readonly #cache: (string | undefined)[];
  constructor(from: number, to: number) {
    this.#from = from;
    this.#cache = new Array<string | undefined>(to - from + 1);
  }
  format(day: number): string {
    const i = day - this.#from;
    const hit = this.#cache[i];
    if (hit !== undefined) return hit;
    const [y, m, d] = civil(day);
    const s = `${y}-${pad2(m)}-${pad2(d)}`;
    if (i >= 0 && i < this.#cache.length) this.#cache[i] = s;
    return s;
  }
}

// --- Education paths ---------------------------------------------------------------------------------

// Stages by school grade g (0 = first year of primary): [start, end) grades.
type StageName = 'primary' | 'junior' | 'senior' | 'vocational' | 'college' | 'bachelor' | 'master' | 'doctor';
const STAGE_GRADES: Record<StageName, readonly [number, number]> = {
  primary: [0, 6],
  junior: [6, 9],
  senior: [9, 12],
  vocational: [9, 12],
  college: [12, 15],
  bachelor: [12, 16],
  master: [16, 19],
  doctor: [19, 23],
};
const STUDENT_STAGE: Record<StageName, 'primary' | 'junior' | 'senior' | 'vocational' | 'higher'> = {
  primary: 'primary', junior: 'junior', senior: 'senior', vocational: 'vocational', college: 'higher', bachelor: 'higher', master: 'higher', doctor: 'higher',
};
const HIGHER_LEVELS = new Set<StageName>(['college', 'bachelor', 'master', 'doctor']);

// --- Members -------------------------------------------------------------------------------------------

type Sex = 'M' | 'F';
type MemberSeed = { relation: Relation; sex: Sex; age: number; surname: string };

type Labour = 'child' | 'student' | 'formal' | 'informal' | 'unemployed' | 'inactive' | 'retired';

type Member = MemberSeed & {
  id: number;
  birthDay: number;
  idNumber: string;
  hukouVillage: string;
  education: Education;
  /** Completed higher-education levels with their graduation years. */
  degrees: { level: StageName; year: number }[];
  studentStage: 'preschool' | 'primary' | 'junior' | 'senior' | 'vocational' | 'higher' | null;
  studentLevel: StageName | null;
  deathDay: number; // NO_DAY when alive
  disabilityGrade: number; // 0 when none
  labour: Labour;
  formalEnrolled: boolean;
  firstEmployeeDay: number; // NO_DAY when never an enrolled employee
};

type DistrictState = {
  code: string;
  name: string;
  profile: D.DistrictProfile;
  urbanVillages: string[];
  ruralVillages: string[];
  townshipTable: WeightedTable<string>;
  personQuota: number;
  enterpriseQuota: number;
  /** Enterprise index range [from, to) in the per-enterprise arrays, filled in the enterprise phase. */
  entFrom: number;
  entTo: number;
  employerTable: CumulativeTable | null;
};

type Employer = { index: number; district: number };

const LIMIT_CONTRIB_MIN = D.CONTRIBUTION_BASE.minYuan * 100;
const LIMIT_CONTRIB_MAX = D.CONTRIBUTION_BASE.maxYuan * 100;

export class CityGenerator {
  readonly persons: number;
  readonly enterpriseTotal: number;
  readonly asOfDay: number;
  readonly asOf: string;
  readonly seed: number;

  personsDone = 0;
  householdsDone = 0;
  enterprisesDone = 0;
  employmentsDone = 0;

  readonly #rngEnt: Random;
  readonly #rng: Random;
  /** Only for the policy-data tables (0003), so that adding them left every other row unchanged. */
  readonly #rngPolicy: Random;
  readonly #dates: DateText;
  readonly #asOfYear: number;
  readonly #schoolYear: number;
  readonly #idBase: { person: number; household: number; enterprise: number; employment: number };
  readonly #isTaken: ((code: string) => boolean) | undefined;

  readonly #districts: DistrictState[];
  readonly #districtIndex = new Map<string, number>();
  readonly #townshipNames = new Map<string, string>();
  readonly #districtByPopulation: WeightedTable<number>;
  #districtByEnterprises: WeightedTable<number> | null = null;

  // Per-enterprise arrays (bounded: persons / 30).
  readonly #entDistrict: Uint8Array;
  readonly #entSize: Uint8Array;
  readonly #entIndustry: Uint8Array;
  readonly #entEstablished: Int32Array;
  #entCursorDistrict = 0;

  // Id-number sequences: one counter per (hukou district, birth day, sex).
  readonly #minBirthDay: number;
  readonly #seqCounters: Uint16Array;
  readonly #daySpan: number;

  // Household cursor.
  #districtCursor = 0;
  #personsLeftInDistrict: number;

  // Tables.
  #ages: CumulativeTable;
  readonly #ageBounds: Int32Array; // [lo0, hi0, lo1, hi1, …] birth days for each age at asOf
  readonly #householdTypes: Record<'urban' | 'rural', WeightedTable<D.HouseholdType>>;
  readonly #surnames: WeightedTable<string>;
  readonly #phonePrefixes: WeightedTable<string>;
  readonly #industries: WeightedTable<number>;
  readonly #sizes: WeightedTable<number>;
  readonly #disabilityCategories: WeightedTable<number>;
  readonly #disabilityGrades: WeightedTable<number>;
  readonly #branches: WeightedTable<string>;
  readonly #liftedYears: WeightedTable<number>;
  readonly #loanPrincipals: WeightedTable<number>;
  readonly #loanTerms: WeightedTable<number>;
  readonly #months: { start: number; end: number; text: string }[];
  readonly #creditA: number;
  readonly #earliestEstablishment = dayFromIso(D.EARLIEST_ESTABLISHMENT);
  readonly #creditB: number;

  constructor(opts: GeneratorOptions) {
    if (!Number.isInteger(opts.persons) || opts.persons < 1) throw new Error('persons must be a positive integer');
    this.persons = opts.persons;
    this.seed = opts.seed;
    this.asOf = opts.asOf;
    this.asOfDay = dayFromIso(opts.asOf);
    const [y, m] = civil(this.asOfDay);
    this.#asOfYear = y;
    // From July the school year that starts in September is the current one (graduates have left).
    this.#schoolYear = m >= 7 ? y : y - 1;
    this.#rngEnt = new Random(hash32(opts.seed, 1));
    this.#rng = new Random(hash32(opts.seed, 2));
    this.#rngPolicy = new Random(hash32(opts.seed, 6));
    this.#idBase = opts.idBase ?? { person: 0, household: 0, enterprise: 0, employment: 0 };
    this.#isTaken = opts.isTaken;
    // An odd multiplier that is not a multiple of 5 is coprime with 10^8: the body is a bijection of the index.
    const a = (hash32(opts.seed, 3) % 49_999_999) * 2 + 1;
    this.#creditA = a % 5 === 0 ? a + 2 : a;
    this.#creditB = hash32(opts.seed, 4) % 100_000_000;

    this.#minBirthDay = dayFromYmd(y - D.MAX_AGE - 2, 1, 1);
    this.#dates = new DateText(this.#minBirthDay, this.asOfDay + 400);
    this.#daySpan = this.asOfDay - this.#minBirthDay + 1;

    // Divisions per district.
    const byCode = new Map(D.DISTRICTS.map((p) => [p.code, p]));
    const townships = new Map<string, (readonly [string, number])[]>();
    const villages = new Map<string, { urban: string[]; rural: string[] }>();
    const districtRows: { code: string; name: string }[] = [];
    for (const d of chongqingDivisions()) {
      const district = d.code.slice(0, 6);
      if (d.level === 2) districtRows.push({ code: d.code, name: d.name });
      else if (d.level === 3) {
        this.#townshipNames.set(d.code, d.name);
        townships.set(district, [...(townships.get(district) ?? []), [d.code, d.name.endsWith('街道') ? D.STREET_TOWNSHIP_WEIGHT : 1] as const]);
      } else if (d.level === 4) {
        const v = villages.get(district) ?? { urban: [], rural: [] };
        (d.urban ? v.urban : v.rural).push(d.code);
        villages.set(district, v);
      }
    }
    this.#districts = districtRows.map(({ code, name }, i) => {
      const profile = byCode.get(code);
      const v = villages.get(code);
      const t = townships.get(code);
      if (!profile || !v || !t || v.urban.length + v.rural.length === 0) throw new Error(`District ${code} lacks a profile, townships or villages`);
      this.#districtIndex.set(code, i);
      return {
        code, name, profile,
        urbanVillages: v.urban.sort(), ruralVillages: v.rural.sort(), // sorted for binaryHas
        townshipTable: new WeightedTable(t),
        personQuota: 0, enterpriseQuota: 0, entFrom: 0, entTo: 0, employerTable: null,
      };
    });
    if (this.#districts.length !== D.DISTRICTS.length) throw new Error('District profiles and divisions disagree');

    // Persons per district: proportional to resident population (largest remainder).
    const personQuotas = apportion(this.#districts.map((d) => d.profile.population), this.persons);
    this.#districts.forEach((d, i) => (d.personQuota = personQuotas[i]!));
    this.#districtByPopulation = new WeightedTable(this.#districts.map((d, i) => [i, d.profile.population] as const));
    this.#personsLeftInDistrict = this.#districts[0]!.personQuota;

    // Enterprises per district: population × density.
    this.enterpriseTotal = Math.max(1, Math.round(this.persons / D.PERSONS_PER_ENTERPRISE));
    const density = (p: D.DistrictProfile) => (p.core ? D.ENTERPRISE_DENSITY.core : p.formerPovertyCounty ? D.ENTERPRISE_DENSITY.formerPovertyCounty : D.ENTERPRISE_DENSITY.other);
    const entQuotas = apportion(this.#districts.map((d) => d.profile.population * density(d.profile)), this.enterpriseTotal);
    let from = 0;
    this.#districts.forEach((d, i) => {
      d.enterpriseQuota = entQuotas[i]!;
      d.entFrom = from;
      d.entTo = from + d.enterpriseQuota;
      from = d.entTo;
    });
    this.#entDistrict = new Uint8Array(this.enterpriseTotal);
    this.#entSize = new Uint8Array(this.enterpriseTotal);
    this.#entIndustry = new Uint8Array(this.enterpriseTotal);
    this.#entEstablished = new Int32Array(this.enterpriseTotal);

    this.#seqCounters = new Uint16Array(this.#districts.length * this.#daySpan * 2);

    // Ages: birth-day bounds per age at asOf, and the pyramid.
    const [ay, am, ad] = civil(this.asOfDay);
    this.#ageBounds = new Int32Array((D.MAX_AGE + 1) * 2);
    for (let age = 0; age <= D.MAX_AGE; age++) {
      // Born in (asOf − (age+1) years, asOf − age years].
      this.#ageBounds[age * 2] = dayFromYmd(ay - age - 1, am, ad) + 1;
      this.#ageBounds[age * 2 + 1] = dayFromYmd(ay - age, am, ad);
    }
    this.#householdTypes = { urban: new WeightedTable(D.HOUSEHOLD_TYPE_WEIGHTS.urban), rural: new WeightedTable(D.HOUSEHOLD_TYPE_WEIGHTS.rural) };
    this.#surnames = new WeightedTable(D.SURNAMES);
    this.#phonePrefixes = new WeightedTable(D.MOBILE_PREFIXES);
    this.#industries = new WeightedTable(D.INDUSTRIES.map((ind, i) => [i, ind.share] as const));
    this.#sizes = new WeightedTable(D.ENTERPRISE_SIZES.map((s, i) => [i, s.share] as const));
    this.#disabilityCategories = new WeightedTable(D.DISABILITY_CATEGORIES.map((c, i) => [i, c[1]] as const));
    this.#disabilityGrades = new WeightedTable(D.DISABILITY_GRADES);
    this.#branches = new WeightedTable(D.SERVICE_BRANCHES);
    this.#liftedYears = new WeightedTable(D.LIFTED_YEARS);
    this.#loanPrincipals = new WeightedTable(D.GUARANTEED_LOAN.principalWan);
    this.#loanTerms = new WeightedTable(D.GUARANTEED_LOAN.termYears);
    this.#ages = this.#calibratedAges(opts.seed);

    // The 12 full months before the month of asOf.
    this.#months = [];
    for (let k = 12; k >= 1; k--) {
      let mm = am - k;
      let yy = ay;
      while (mm < 1) {
        mm += 12;
        yy -= 1;
      }
      const start = dayFromYmd(yy, mm, 1);
      const end = dayFromYmd(mm === 12 ? yy + 1 : yy, mm === 12 ? 1 : mm + 1, 1) - 1;
      this.#months.push({ start, end, text: this.#dates.format(start) });
    }
  }

  /** The first days of the 12 contribution months, oldest first. */
  get contributionMonths(): string[] {
    return this.#months.map((m) => m.text);
  }

  // --- Enterprises -------------------------------------------------------------------------------------

  /** Writes the next enterprise; false when all are written. All enterprises come before any household. */
  nextEnterprise(sink: RowSink): boolean {
    const i = this.enterprisesDone;
    if (i >= this.enterpriseTotal) {
      this.#finishEnterprises();
      return false;
    }
    while (i >= this.#districts[this.#entCursorDistrict]!.entTo) this.#entCursorDistrict++;
    const di = this.#entCursorDistrict;
    const ds = this.#districts[di]!;
    const r = this.#rngEnt;
    const industry = this.#industries.pickIndex(r);
    const sizeIndex = this.#sizes.pickIndex(r);
    const size = D.ENTERPRISE_SIZES[sizeIndex]!;
    const ind = D.INDUSTRIES[industry]!;
    const township = ds.townshipTable.pick(r);
    const earliest = this.#earliestEstablishment;
    const ageDays = Math.floor(-Math.log(1 - r.next()) * size.meanAgeYears * 365.25);
    const established = Math.max(earliest, this.asOfDay - 30 - ageDays);
    const prefix = r.chance(0.5) ? '重庆' : ds.profile.short;
    const name = `${prefix}${r.pick(D.BRAND_CHARS)}${r.pick(D.BRAND_CHARS)}${r.pick(ind.words)}${r.chance(0.15) ? '有限责任公司' : '有限公司'}`;
    const id = this.#idBase.enterprise + i + 1;
    let creditCode = makeCreditCode(ds.code, this.#creditBody(i));
    // A taken code (an earlier seed): step through other bodies; the step is coprime with 10^8, so no body repeats.
    for (let k = 1; this.#isTaken?.(creditCode); k++) creditCode = makeCreditCode(ds.code, this.#creditBody((i + k * 7_919_113) % 100_000_000));

    this.#entDistrict[i] = di;
    this.#entSize[i] = sizeIndex;
    this.#entIndustry[i] = industry;
    this.#entEstablished[i] = established;
    sink.row('enterprise', `${id},${creditCode},${name},${ind.section},${ds.code},${township},${size.size},${this.#dates.format(established)}`);
    this.enterprisesDone++;
    return true;
  }

  /** A bijection of the enterprise index onto 8-digit organisation bodies (so credit codes are unique). */
  #creditBody(index: number): number {
    const M = 100_000_000;
    const hi = Math.floor(index / 10_000);
    const lo = index % 10_000;
    const part = (((this.#creditA * hi) % M) * 10_000) % M;
    return (part + ((this.#creditA * lo) % M) + this.#creditB) % M;
  }

  #finishEnterprises(): void {
    if (this.#districtByEnterprises) return;
    for (const ds of this.#districts) {
      if (ds.entTo > ds.entFrom) {
        const w = new Float64Array(ds.entTo - ds.entFrom);
        for (let k = ds.entFrom; k < ds.entTo; k++) w[k - ds.entFrom] = D.ENTERPRISE_SIZES[this.#entSize[k]!]!.employeeWeight;
        ds.employerTable = new CumulativeTable(w);
      }
    }
    const withFirms = this.#districts.map((d, i) => [i, d.entTo - d.entFrom] as const).filter(([, n]) => n > 0);
    this.#districtByEnterprises = new WeightedTable(withFirms);
  }

  #pickEmployer(homeDistrict: number): Employer {
    this.#finishEnterprises();
    const r = this.#rng;
    let di = homeDistrict;
    if (!r.chance(D.EMPLOYER_IN_OWN_DISTRICT) || !this.#districts[di]!.employerTable) di = this.#districtByEnterprises!.pick(r);
    const ds = this.#districts[di]!;
    const k = ds.employerTable!.pickIn(r, 0, ds.entTo - ds.entFrom - 1);
    return { index: ds.entFrom + k, district: di };
  }

  // --- Households ----------------------------------------------------------------------------------------

  /** Writes the next household with its members and all their department rows; false when done. */
  nextHousehold(sink: RowSink): boolean {
    while (this.#personsLeftInDistrict <= 0) {
      this.#districtCursor++;
      const next = this.#districts[this.#districtCursor];
      if (!next) return false;
      this.#personsLeftInDistrict = next.personQuota;
    }
    this.#finishEnterprises();
    const r = this.#rng;
    const di = this.#districtCursor;
    const ds = this.#districts[di]!;
    const profile = ds.profile;

    // Residence.
    const urbanResidence = ds.ruralVillages.length === 0 || (ds.urbanVillages.length > 0 && r.chance(profile.urbanShare));
    const village = r.pick(urbanResidence ? ds.urbanVillages : ds.ruralVillages);
    const township = village.slice(0, 9);

    // Hukou of the household.
    let hukouVillage = village;
    if (!r.chance(D.HUKOU_SAME_VILLAGE)) hukouVillage = this.#otherVillage(di, r.chance(D.HUKOU_OTHER_IN_SAME_DISTRICT));
    const hukouUrban = this.#isUrbanVillage(hukouVillage);
    const hukouType: 'urban' | 'rural' = hukouUrban && r.chance(D.URBAN_HUKOU_IN_URBAN_VILLAGE) ? 'urban' : 'rural';
    let moveDay = NO_DAY;
    let moveFrom = '';
    if (hukouVillage !== village ? r.chance(D.HUKOU_MOVE_WHEN_AWAY) : r.chance(D.HUKOU_RECENT_MOVE_IN)) {
      moveDay = this.asOfDay - (hukouVillage !== village ? r.range(30, 3650) : r.range(1, 1095));
      moveFrom = this.#otherVillage(this.#districtIndex.get(hukouVillage.slice(0, 6))!, false);
      if (moveFrom === hukouVillage) moveDay = NO_DAY;
    }

    // Composition.
    const type = this.#householdTypes[urbanResidence ? 'urban' : 'rural'].pick(r);
    let seeds = this.#compose(type, r);
    if (seeds.length > this.#personsLeftInDistrict) seeds = seeds.slice(0, this.#personsLeftInDistrict);

    // Household situation: latent hardship, poverty alleviation.
    let factor = 1;
    if (type === 'single_old') factor *= D.HARDSHIP.elderlyAloneFactor;
    if (type === 'single_parent') factor *= D.HARDSHIP.singleParentFactor;
    if (profile.formerPovertyCounty) factor *= D.HARDSHIP.formerPovertyCountyFactor;
    const place = urbanResidence ? 'urban' : 'rural';
    const u = r.next();
    const hardship = u < D.HARDSHIP.severe[place] * factor ? 2 : u < (D.HARDSHIP.severe[place] + D.HARDSHIP.moderate[place]) * factor ? 1 : 0;
    const anomaly = hardship > 0 && r.chance(D.HARDSHIP.anomaly);
    let liftedYear = 0;
    let relapseWatch = false;
    if (hukouType === 'rural') {
      const base = profile.core ? D.POVERTY_ALLEVIATED.core : profile.formerPovertyCounty ? D.POVERTY_ALLEVIATED.formerPovertyCounty : D.POVERTY_ALLEVIATED.other;
      if (r.chance(base * (hardship > 0 ? D.POVERTY_ALLEVIATED.hardshipFactor : 1))) {
        liftedYear = this.#liftedYears.pick(r);
        relapseWatch = r.chance(D.POVERTY_ALLEVIATED.relapseWatch * (hardship > 0 ? D.POVERTY_ALLEVIATED.relapseHardshipFactor : 1));
      }
    }

    const householdId = this.#idBase.household + this.householdsDone + 1;
    this.householdsDone++;
    sink.row('household', `${householdId},${ds.code},${village},${hukouType}`);

    const members: Member[] = [];
    for (const s of seeds) {
      const hukou = s.relation === 'spouse' && r.chance(D.SPOUSE_OWN_HUKOU) ? this.#otherVillage(di, r.chance(0.5)) : hukouVillage;
      members.push(this.#person(sink, s, { ds, di, village, township, hukou, householdId, hardship, anomaly, urbanResidence, hukouType }));
    }
    this.#personsLeftInDistrict -= members.length;

    // Household-level department rows.
    const dc = ds.code;
    for (const m of members) {
      if (moveDay !== NO_DAY && moveDay > m.birthDay && m.hukouVillage === hukouVillage) {
        sink.row('police_hukou_move', `${m.id},${this.#dates.format(moveDay)},${moveFrom},${hukouVillage},${dc}`);
      }
      if (liftedYear > 0 && m.birthDay <= dayFromYmd(liftedYear, 12, 31)) {
        sink.row('poverty_alleviated', `${m.id},${liftedYear},${relapseWatch},${dc}`);
      }
    }
    const assisted = this.#assistance(sink, members, { hardship, householdId, dc, urbanResidence });
    this.#housingStatus(sink, members[0], { hardship, assisted, dc, urbanResidence });
    return true;
  }

  #isUrbanVillage(code: string): boolean {
    const ds = this.#districts[this.#districtIndex.get(code.slice(0, 6))!]!;
    // Urban village lists are small relative to the work per household; a binary search keeps it cheap.
    return binaryHas(ds.urbanVillages, code);
  }

  /** A village other than the household's: in the same district, or in another one (rural villages favoured). */
  #otherVillage(di: number, sameDistrict: boolean): string {
    const r = this.#rng;
    const target = sameDistrict ? this.#districts[di]! : this.#districts[this.#districtByPopulation.pick(r)]!;
    const rural = target.ruralVillages.length > 0 && (target.urbanVillages.length === 0 || r.chance(0.7));
    return r.pick(rural ? target.ruralVillages : target.urbanVillages);
  }

  #ageIn(r: Random, lo: number, hi: number): number {
    return this.#ages.pickIn(r, Math.max(0, lo), Math.min(D.MAX_AGE, hi));
  }

  /**
   * Age weights for sampling inside households, fitted so the persons that come out follow the
   * pyramid: household structure (children younger than parents, couples of similar age) bends the
   * ages it is given, so a few rounds of composing sample households correct the weights.
   */
  #calibratedAges(seed: number): CumulativeTable {
    const target = D.singleYearAgeWeights();
    const targetTotal = target.reduce((a, b) => a + b, 0);
    const weights = [...target];
    const urbanShare = this.#districts.reduce((a, d) => a + d.profile.population * d.profile.urbanShare, 0) / this.#districts.reduce((a, d) => a + d.profile.population, 0);
    for (let round = 0; round < 6; round++) {
      this.#ages = new CumulativeTable(weights);
      const r = new Random(hash32(seed, 5));
      const seen = new Float64Array(D.MAX_AGE + 1);
      let n = 0;
      for (let k = 0; k < 40_000; k++) {
        const type = this.#householdTypes[r.chance(urbanShare) ? 'urban' : 'rural'].pick(r);
        for (const m of this.#compose(type, r)) {
          seen[m.age]! += 1;
          n++;
        }
      }
      for (let age = 0; age <= D.MAX_AGE; age++) {
        const want = (target[age]! / targetTotal) * n;
        // Damped multiplicative update; ages never seen keep their weight.
        if (seen[age]! > 0) weights[age] = weights[age]! * Math.sqrt(want / seen[age]!);
      }
    }
    return new CumulativeTable(weights);
  }

  #spouseAge(r: Random, headAge: number, headSex: Sex): number {
    const gap = Math.round(2 + 2.5 * r.normal());
    const age = headSex === 'M' ? headAge - gap : headAge + gap;
    return Math.max(20, Math.min(D.MAX_AGE, age));
  }

  /** Ages, sexes, relations and surnames of one household's members (head first). */
  #compose(type: D.HouseholdType, r: Random): MemberSeed[] {
    const out: MemberSeed[] = [];
    switch (type) {
      case 'single_young':
        this.#add(out, 'head', this.#sex(r, 0.6), this.#ageIn(r, 18, 34), this.#surnames.pick(r));
        break;
      case 'single_middle':
        this.#add(out, 'head', this.#sex(r, 0.55), this.#ageIn(r, 35, 59), this.#surnames.pick(r));
        break;
      case 'single_old':
        this.#add(out, 'head', this.#sex(r, 0.42), this.#ageIn(r, 60, D.MAX_AGE), this.#surnames.pick(r));
        break;
      case 'couple_young':
        this.#couple(out, r, 22, 35, 0.85, 1);
        break;
      case 'couple_old':
        this.#couple(out, r, 50, 95, 0.85, 1);
        break;
      case 'nuclear': {
        const c = this.#couple(out, r, 25, 55, 0.85, 1);
        this.#children(out, r, c.motherAge, c.familyName, this.#childCount(r, 0.52, 0.43), 'child');
        break;
      }
      case 'single_parent': {
        const head = this.#add(out, 'head', this.#sex(r, 0.3), this.#ageIn(r, 26, 55), this.#surnames.pick(r));
        this.#children(out, r, head.age, head.surname, r.chance(0.7) ? 1 : 2, 'child');
        break;
      }
      case 'three_generation_down': {
        const c = this.#couple(out, r, 48, 80, 0.85, 0.9);
        if (c.motherAge - 20 < 20) break;
        const child = this.#add(out, 'child', this.#sex(r, 0.6), this.#ageIn(r, Math.max(20, c.motherAge - 40), c.motherAge - 20), c.familyName);
        // The child's spouse is recorded as 'other' (儿媳/女婿).
        const inLaw = r.chance(0.75) ? this.#add(out, 'other', child.sex === 'M' ? 'F' : 'M', this.#spouseAge(r, child.age, child.sex), this.#surnames.pick(r)) : undefined;
        const youngMother = child.sex === 'F' ? child : (inLaw ?? child);
        const youngFamily = child.sex === 'M' ? child.surname : (inLaw?.surname ?? child.surname);
        this.#children(out, r, youngMother.age, youngFamily, r.chance(0.6) ? 1 : 2, 'grandchild');
        break;
      }
      case 'three_generation_up': {
        const c = this.#couple(out, r, 28, 50, 0.8, 0.92);
        this.#children(out, r, c.motherAge, c.familyName, this.#childCount(r, 0.58, 0.38), 'child');
        const headAge = out[0]!.age;
        const headSurname = out[0]!.surname;
        const parentAge = this.#ageIn(r, headAge + 22, headAge + 38);
        if (parentAge > headAge + 18) {
          if (r.chance(0.6)) this.#add(out, 'parent', this.#sex(r, 0.4), parentAge, r.chance(0.5) ? headSurname : this.#surnames.pick(r));
          else {
            this.#add(out, 'parent', 'M', parentAge, headSurname);
            this.#add(out, 'parent', 'F', Math.max(headAge + 18, Math.min(D.MAX_AGE, parentAge - r.range(0, 4))), this.#surnames.pick(r));
          }
        }
        break;
      }
      case 'skipped_generation': {
        const c = this.#couple(out, r, 50, 80, 0.6, 0.75);
        const n = r.chance(0.6) ? 1 : 2;
        for (let k = 0; k < n; k++) this.#add(out, 'grandchild', this.#sex(r, D.MALE_BIRTH_SHARE), this.#ageIn(r, 0, 15), r.chance(0.7) ? c.familyName : this.#surnames.pick(r));
        break;
      }
      case 'adult_with_parent': {
        this.#couple(out, r, 30, 62, 0.6, 0.4);
        const head = out[0]!;
        const parentAge = this.#ageIn(r, Math.max(60, head.age + 22), head.age + 38);
        if (parentAge > head.age + 18) this.#add(out, 'parent', this.#sex(r, 0.35), parentAge, r.chance(0.6) ? head.surname : this.#surnames.pick(r));
        break;
      }
      case 'siblings': {
        const head = this.#add(out, 'head', this.#sex(r, 0.5), this.#ageIn(r, 18, 40), this.#surnames.pick(r));
        this.#add(out, 'sibling', this.#sex(r, 0.5), this.#ageIn(r, Math.max(16, head.age - 8), head.age + 8), head.surname);
        break;
      }
    }
    return out.length > 6 ? out.slice(0, 6) : out;
  }

  #sex(r: Random, maleShare: number): Sex {
    return r.chance(maleShare) ? 'M' : 'F';
  }

  #add(out: MemberSeed[], relation: Relation, sex: Sex, age: number, surname: string): MemberSeed {
    const m: MemberSeed = { relation, sex, age, surname };
    out.push(m);
    return m;
  }

  /** Head and (maybe) spouse; returns the family name children take and the mother's age. */
  #couple(out: MemberSeed[], r: Random, lo: number, hi: number, maleHead: number, spouseShare: number): { familyName: string; motherAge: number } {
    const head = this.#add(out, 'head', this.#sex(r, maleHead), this.#ageIn(r, lo, hi), this.#surnames.pick(r));
    const spouse = r.chance(spouseShare) ? this.#add(out, 'spouse', head.sex === 'M' ? 'F' : 'M', this.#spouseAge(r, head.age, head.sex), this.#surnames.pick(r)) : undefined;
    const father = head.sex === 'M' ? head : spouse;
    const mother = head.sex === 'F' ? head : spouse;
    return { familyName: (father ?? head).surname, motherAge: (mother ?? head).age };
  }

  /** Children born when their mother was 18 to 42. */
  #children(out: MemberSeed[], r: Random, motherAge: number, familyName: string, n: number, relation: Relation): void {
    for (let k = 0; k < n; k++) {
      if (motherAge - 18 < 0) break;
      const age = this.#ageIn(r, Math.max(0, motherAge - 42), motherAge - 18);
      this.#add(out, relation, this.#sex(r, D.MALE_BIRTH_SHARE), age, r.chance(0.95) ? familyName : this.#surnames.pick(r));
    }
  }

  #childCount(r: Random, p1: number, p2: number): number {
    return r.chance(p1) ? 1 : r.chance(p2 / (1 - p1)) ? 2 : 3;
  }

  // --- One person and their own rows -------------------------------------------------------------------------

  #person(
    sink: RowSink,
    s: MemberSeed,
    h: { ds: DistrictState; di: number; village: string; township: string; hukou: string; householdId: number; hardship: number; anomaly: boolean; urbanResidence: boolean; hukouType: 'urban' | 'rural' },
  ): Member {
    const r = this.#rng;
    const dates = this.#dates;
    const dc = h.ds.code;
    const id = this.#idBase.person + this.personsDone + 1;
    this.personsDone++;

    // Birth date and id number (region = hukou district).
    const lo = this.#ageBounds[s.age * 2]!;
    const hi = this.#ageBounds[s.age * 2 + 1]!;
    const hukouDistrict = h.hukou.slice(0, 6);
    const { idNumber, birthDay } = this.#idNumber(this.#districtIndex.get(hukouDistrict)!, hukouDistrict, lo + r.int(hi - lo + 1), s.sex);
    const [birthYear, birthMonth] = civil(birthDay);

    // Name.
    const era = birthYear < 1965 ? 'old' : birthYear < 1990 ? 'middle' : 'young';
    const chars = D.GIVEN_NAME_CHARS[era][s.sex];
    const twoChars = r.chance(birthYear < 1990 ? D.TWO_CHARACTER_GIVEN_NAME.bornBefore1990 : D.TWO_CHARACTER_GIVEN_NAME.bornFrom1990);
    const name = s.surname + r.pick(chars) + (twoChars ? r.pick(chars) : '');

    // Education path and current stage.
    const entryYear = birthMonth <= 8 ? birthYear + 6 : birthYear + 7;
    const grade = this.#schoolYear - entryYear;
    const path = this.#educationPath(birthYear, r);
    let education: Education = 'none';
    let studentStage: Member['studentStage'] = null;
    let studentLevel: StageName | null = null;
    const degrees: { level: StageName; year: number }[] = [];
    if (grade < 0) {
      if (grade >= -3 && r.chance(D.PRESCHOOL_ENROLMENT)) studentStage = 'preschool';
    } else {
      for (const stage of path) {
        const [start, end] = STAGE_GRADES[stage];
        if (grade >= end) {
          education = stage;
          if (HIGHER_LEVELS.has(stage)) degrees.push({ level: stage, year: entryYear + end });
        } else if (grade >= start) {
          studentStage = STUDENT_STAGE[stage];
          studentLevel = stage;
          break;
        } else break;
      }
    }

    // Death within the 12 months before asOf.
    let deathDay = NO_DAY;
    if (r.chance(D.deathProbability(s.age)) && birthDay < this.asOfDay - 1) {
      deathDay = Math.max(birthDay + 1, this.asOfDay - r.range(1, 365));
    }
    const alive = deathDay === NO_DAY;

    // Disability.
    let disabilityGrade = 0;
    const disabilityFactor = h.hardship === 2 ? D.DISABILITY_HARDSHIP_FACTOR : h.hardship === 1 ? 2 : 1;
    if (r.chance(D.disabilityProbability(s.age) * disabilityFactor)) {
      disabilityGrade = this.#disabilityGrades.pick(r);
      const cat = D.DISABILITY_CATEGORIES[this.#disabilityCategories.pickIndex(r)]!;
      const issued = Math.max(birthDay + 30, this.asOfDay - r.range(30, 3650));
      if (issued < this.asOfDay) {
        sink.row('disability_certificate', `${id},${idNumber}${cat[2]}${disabilityGrade},${cat[0]},${disabilityGrade},${dates.format(issued)},${dc}`);
      } else disabilityGrade = 0;
    }

    const m: Member = {
      relation: s.relation, sex: s.sex, age: s.age, surname: s.surname, id, birthDay, idNumber, hukouVillage: h.hukou, education, degrees, studentStage, studentLevel, deathDay, disabilityGrade,
      labour: 'child', formalEnrolled: false, firstEmployeeDay: NO_DAY,
    };

    // Phone.
    const phone = r.chance(D.phoneOwnership(s.age)) ? `${this.#phonePrefixes.pick(r)}${String(r.int(100_000_000)).padStart(8, '0')}` : '';
    sink.row(
      'person',
      `${id},${idNumber},${name},${s.sex},${dates.format(birthDay)},${hukouDistrict},${h.hukou},${dc},${h.township},${h.village},${education},${phone},${h.householdId},${s.relation}`,
    );
    if (!alive) sink.row('police_death', `${id},${dates.format(deathDay)},${dc}`);

    // School.
    if (studentStage && alive) sink.row('edu_student', `${id},${this.#schoolYear},${studentStage},${this.#schoolName(studentStage, studentLevel, h)},${dc}`);
    if (s.age >= 21 && s.age <= 30 && degrees.length > 0) {
      for (const d of degrees) {
        if (d.level === 'college' || d.level === 'bachelor' || d.level === 'master' || d.level === 'doctor') {
          sink.row('edu_graduate', `${id},${d.year},${this.#university(d.level)},${d.level},${r.pick(D.MAJORS)},${dc}`);
        }
      }
    }

    this.#work(sink, m, h);

    // Veterans.
    if (s.sex === 'M' && s.age >= 25 && r.chance(D.VETERAN_SHARE_OF_MEN_25)) {
      const service = r.chance(0.45) ? 2 : r.chance(0.64) ? r.range(3, 5) : r.chance(0.85) ? r.range(8, 16) : r.range(17, 25);
      const dischargeAge = Math.min(s.age - 1, 18 + service);
      const discharge = Math.min(this.asOfDay - 1, birthDay + Math.round(dischargeAge * 365.25) + r.int(365));
      sink.row('veteran', `${id},${dates.format(discharge)},${this.#branches.pick(r)},${r.chance(D.VETERAN_ENTITLED_GROUP)},${dc}`);
    }

    // Former fishermen of the Yangtze fishing ban.
    const fish = D.FORMER_FISHERMAN;
    let fisherman = false;
    if (h.ds.profile.rivers.length > 0 && s.age >= fish.minAge && s.age <= fish.maxAge) {
      const p = fish.perPersonInRiverDistrict * 2 * (s.sex === 'M' ? fish.maleShare : 1 - fish.maleShare);
      if (r.chance(p)) {
        fisherman = true;
        sink.row('former_fisherman', `${id},${dates.format(dayFromYmd(fish.registeredIn, 1, 1) + r.int(366))},${r.pick(h.ds.profile.rivers)},${dc}`);
      }
    }

    // Training.
    let entrepreneurshipTrained = false;
    if (alive && s.age >= 18 && s.age <= 55) {
      let p = D.TRAINING.base;
      if (m.labour === 'unemployed') p *= D.TRAINING.unemployedFactor;
      if (fisherman) p *= D.TRAINING.fishermanFactor;
      if (h.hardship > 0) p *= D.TRAINING.povertyFactor;
      if (r.chance(p)) {
        const course = r.pick(D.TRAINING_COURSES);
        const start = this.asOfDay - r.range(course.days + 1, 730);
        const end = start + course.days;
        const cert = course.certificate && r.chance(0.85) ? course.certificate : '';
        sink.row('hr_training_record', `${id},${course.code},${course.name},${course.kind},${dates.format(start)},${dates.format(end)},${cert},${dc}`);
        entrepreneurshipTrained = course.kind === 'entrepreneurship';
      }
    }
    this.#guaranteedLoan(sink, m, dc, entrepreneurshipTrained);
    return m;
  }

  /** Highest stages a person of this cohort goes through, in order. */
  #educationPath(birthYear: number, r: Random): StageName[] {
    const c = D.EDUCATION_COHORTS.find((k) => birthYear <= k.bornUpTo) ?? D.EDUCATION_COHORTS[D.EDUCATION_COHORTS.length - 1]!;
    const path: StageName[] = [];
    if (!r.chance(c.school)) return path;
    path.push('primary');
    if (!r.chance(c.junior)) return path;
    path.push('junior');
    if (!r.chance(c.secondary)) return path;
    const vocational = r.chance(c.vocationalShare);
    path.push(vocational ? 'vocational' : 'senior');
    if (!r.chance(vocational ? c.higherFromVocational : c.higherFromSenior)) return path;
    if (!r.chance(c.bachelorShare)) {
      path.push('college');
      return path;
    }
    path.push('bachelor');
    if (!r.chance(c.master)) return path;
    path.push('master');
    if (r.chance(c.doctor)) path.push('doctor');
    return path;
  }

  #university(level: StageName): string {
    const r = this.#rng;
    if (level === 'college') return r.pick(D.COLLEGES);
    if (level === 'bachelor') return r.pick(D.UNIVERSITIES_BACHELOR);
    if (level === 'master') return r.pick(D.UNIVERSITIES_MASTER);
    return r.pick(D.UNIVERSITIES_DOCTORAL);
  }

  #schoolName(stage: NonNullable<Member['studentStage']>, level: StageName | null, h: { ds: DistrictState; township: string; urbanResidence: boolean }): string {
    const r = this.#rng;
    const dn = h.ds.name;
    const tn = this.#townshipNames.get(h.township) ?? dn;
    switch (stage) {
      case 'preschool':
        return h.urbanResidence ? `${dn}第${r.range(1, 20)}幼儿园` : `${tn}中心幼儿园`;
      case 'primary':
        return h.urbanResidence ? (r.chance(0.2) ? `${dn}实验小学` : `${dn}第${r.range(1, 30)}小学`) : `${tn}中心小学`;
      case 'junior':
        return h.urbanResidence ? `${dn}第${r.range(1, 20)}中学` : `${tn}中学`;
      case 'senior':
        return h.ds.profile.core && r.chance(0.15) ? r.pick(D.FAMOUS_SENIOR_SCHOOLS) : `${dn}第${r.range(1, 12)}中学`;
      case 'vocational':
        return `${dn}职业教育中心`;
      case 'higher':
        return this.#university(level ?? 'bachelor');
    }
  }

  // --- Work, insurance, employment services ---------------------------------------------------------------

  #work(
    sink: RowSink,
    m: Member,
    h: { ds: DistrictState; di: number; hardship: number; anomaly: boolean; urbanResidence: boolean; hukouType: 'urban' | 'rural' },
  ): void {
    const r = this.#rng;
    const dates = this.#dates;
    const dc = h.ds.code;
    const alive = m.deathDay === NO_DAY;
    const day16 = m.birthDay + Math.round(16 * 365.25);
    const retirementAge = D.RETIREMENT_AGE[m.sex];
    const hardshipBites = h.hardship > 0 && !h.anomaly;
    const recentGraduate = m.degrees.some((d) => d.year >= this.#asOfYear - 1);

    // Labour status.
    if (m.age < 16) m.labour = 'child';
    else if (m.studentStage) m.labour = 'student';
    else if (m.age >= retirementAge) m.labour = 'retired';
    else if (!r.chance(recentGraduate ? 0.95 : D.PARTICIPATION[m.sex])) m.labour = 'inactive';
    else {
      let u = m.age < 25 ? D.UNEMPLOYMENT.under25 : D.UNEMPLOYMENT.base;
      if (recentGraduate) u = D.UNEMPLOYMENT.recentGraduate;
      if (hardshipBites) u *= D.UNEMPLOYMENT.hardshipFactor;
      if (m.disabilityGrade > 0) u *= D.UNEMPLOYMENT.disabledFactor;
      if (r.chance(Math.min(0.6, u))) m.labour = 'unemployed';
      else {
        const f = D.FORMAL_EMPLOYMENT;
        let p = h.urbanResidence ? f.urban : f.rural;
        if (m.education === 'college' || m.education === 'bachelor' || m.education === 'master' || m.education === 'doctor') p *= f.collegePlusFactor;
        if (m.education === 'none' || m.education === 'primary') p *= f.lowEducationFactor;
        if (hardshipBites) p *= f.hardshipFactor;
        if (m.disabilityGrade > 0) p *= f.disabledFactor;
        if (m.age < 20) p *= f.teenFactor;
        m.labour = r.chance(Math.min(0.95, p)) ? 'formal' : 'informal';
      }
    }

    // Employment rows.
    const graduationDay = m.degrees.length > 0 ? dayFromYmd(m.degrees[m.degrees.length - 1]!.year, 7, 1) : NO_DAY;
    const earliestStart = Math.max(day16, graduationDay);
    let currentStart = NO_DAY;
    // The last day a job can have started or ended: yesterday, or the day before death.
    const lastDay = alive ? this.asOfDay - 1 : m.deathDay - 1;
    let employer: Employer | undefined;
    let start = 0;
    if (m.labour === 'formal') {
      employer = this.#pickEmployer(h.di);
      const tenure = Math.floor(-Math.log(1 - r.next()) * D.MEAN_TENURE_YEARS * 365.25);
      const established = this.#entEstablished[employer.index]!;
      start = Math.max(this.asOfDay - 1 - tenure, established + r.int(60), earliestStart + r.int(90));
      if (start > lastDay) start = lastDay - r.int(30);
      if (start < established || start < earliestStart) m.labour = 'informal'; // no job fits before death
    }
    if (m.labour === 'formal' && employer) {
      const sizeIndex = this.#entSize[employer.index]!;
      const enrolled = !r.chance(D.ENTERPRISE_SIZES[sizeIndex]!.unenrolled);
      m.formalEnrolled = enrolled;
      const wage = this.#wage(m, employer, hardshipBites, h.anomaly);
      // An earlier job, ended before this one started.
      if (r.chance(D.PREVIOUS_JOB_SHARE)) {
        const prevEnd = start - r.range(15, 180);
        const prev = this.#pickEmployer(h.di);
        const prevStart = Math.max(prevEnd - 60 - Math.floor(-Math.log(1 - r.next()) * 3 * 365.25), this.#entEstablished[prev.index]!, earliestStart);
        if (prevStart < prevEnd - 30) {
          const prevWage = Math.max(D.MINIMUM_WAGE_YUAN * 100, Math.round((wage * 0.9) / 1000) * 1000);
          this.#employment(sink, m, prev, prevStart, prevEnd, prevWage, enrolled);
        }
      }
      const endDay = !alive && r.chance(0.98) ? m.deathDay : NO_DAY;
      this.#employment(sink, m, employer, start, endDay, wage, enrolled);
      currentStart = start;
    } else if (m.labour === 'unemployed' && r.chance(D.UNEMPLOYED_WITH_ENDED_JOB)) {
      const lastEmployer = this.#pickEmployer(h.di);
      const end = Math.min(lastDay, this.asOfDay - r.range(15, 730));
      const jobStart = Math.max(end - 90 - Math.floor(-Math.log(1 - r.next()) * 3 * 365.25), this.#entEstablished[lastEmployer.index]!, earliestStart);
      if (jobStart < end - 30) {
        const enrolled = !r.chance(D.ENTERPRISE_SIZES[this.#entSize[lastEmployer.index]!]!.unenrolled);
        const wage = this.#wage(m, lastEmployer, hardshipBites, h.anomaly);
        this.#employment(sink, m, lastEmployer, jobStart, end, wage, enrolled);
        m.formalEnrolled = enrolled;
      }
    }

    // Unemployment registration with the public employment service.
    if (m.labour === 'unemployed' && alive && r.chance(D.UNEMPLOYMENT_REGISTERED)) {
      const registered = Math.max(day16, this.asOfDay - r.range(7, 540));
      if (registered < this.asOfDay) sink.row('hr_unemployment_registration', `${m.id},${dates.format(registered)},,,${dc}`);
    } else if (m.labour === 'formal' && currentStart > this.asOfDay - 540 && r.chance(D.REGISTRATION_ENDED_BY_JOB)) {
      // Registered as unemployed before this job; the registration ended when it started.
      const registered = currentStart - r.range(30, 240);
      if (registered > day16) sink.row('hr_unemployment_registration', `${m.id},${dates.format(registered)},${dates.format(currentStart)},employed,${dc}`);
    }

    // Social insurance.
    let employeeMedical = false;
    if (m.firstEmployeeDay !== NO_DAY) {
      const current = m.labour === 'formal' && m.formalEnrolled;
      this.#enrol(sink, m, dc, 'employee_pension', m.firstEmployeeDay, current ? 'active' : 'suspended');
      if (r.chance(D.EMPLOYEE_UNEMPLOYMENT_INSURANCE)) this.#enrol(sink, m, dc, 'unemployment', m.firstEmployeeDay, current ? 'active' : 'suspended');
      if (current && r.chance(D.EMPLOYEE_INJURY_INSURANCE)) this.#enrol(sink, m, dc, 'work_injury', m.firstEmployeeDay, 'active');
      employeeMedical = current;
    } else if (m.labour === 'retired') {
      if (r.chance(D.RETIREE_EMPLOYEE_PENSION[h.hukouType])) {
        this.#enrol(sink, m, dc, 'employee_pension', m.birthDay + Math.round(r.range(20, 30) * 365.25), 'active');
        employeeMedical = true;
      } else if (r.chance(D.RETIREE_RESIDENT_PENSION)) {
        this.#enrol(sink, m, dc, 'resident_pension', Math.max(dayFromYmd(2011, 1, 1) + r.int(1460), m.birthDay + Math.round(45 * 365.25)), 'active');
      }
    } else if (m.labour === 'informal' || m.labour === 'inactive' || m.labour === 'unemployed' || m.labour === 'formal') {
      if (m.labour !== 'formal' && r.chance(D.FLEXIBLE_EMPLOYEE_PENSION)) {
        this.#enrol(sink, m, dc, 'employee_pension', Math.max(day16, this.asOfDay - r.range(60, 3650)), 'active');
        employeeMedical = true;
      } else if (r.chance(D.RESIDENT_PENSION)) {
        this.#enrol(sink, m, dc, 'resident_pension', Math.max(day16, dayFromYmd(2011, 1, 1) + r.int(3650)), r.chance(D.RESIDENT_PENSION_SUSPENDED) ? 'suspended' : 'active');
      }
    }

    // Medical insurance for the year of asOf.
    const yearStart = dayFromYmd(this.#asOfYear, 1, 1);
    if (alive || m.deathDay >= yearStart) {
      if (employeeMedical) sink.row('medical_enrolment', `${m.id},${this.#asOfYear},employee,${dc}`);
      else if (r.chance(m.birthDay >= yearStart ? D.NEWBORN_MEDICAL : D.RESIDENT_MEDICAL)) sink.row('medical_enrolment', `${m.id},${this.#asOfYear},resident,${dc}`);
    }
  }

  /** One insurance enrolment; a deceased person's is terminated, except for a few left active. */
  #enrol(sink: RowSink, m: Member, dc: string, scheme: string, on: number, status: 'active' | 'suspended'): void {
    const final = m.deathDay !== NO_DAY && !this.#rng.chance(D.DEAD_STILL_ACTIVE) ? 'terminated' : status;
    sink.row('hr_insurance_enrolment', `${m.id},${scheme},${this.#dates.format(Math.min(on, this.asOfDay))},${final},${dc}`);
  }

  #wage(m: Member, employer: Employer, hardshipBites: boolean, anomaly: boolean): number {
    const r = this.#rng;
    const ind = D.INDUSTRIES[this.#entIndustry[employer.index]!]!;
    const size = D.ENTERPRISE_SIZES[this.#entSize[employer.index]!]!;
    let yuan = (D.WAGE_MEDIAN_BY_EDUCATION[m.education] ?? 4000) * ind.wageFactor * size.wageFactor * Math.exp(D.WAGE_SIGMA * r.normal());
    if (this.#districts[employer.district]!.profile.core) yuan *= D.CORE_WAGE_FACTOR;
    if (hardshipBites) yuan *= 0.7;
    if (anomaly) yuan *= 1.5;
    return Math.max(D.MINIMUM_WAGE_YUAN, Math.round(yuan / 10) * 10) * 100;
  }

  /** Writes one employment and its contributions in the 12 months before asOf. */
  #employment(sink: RowSink, m: Member, employer: Employer, start: number, end: number, wageFen: number, enrolled: boolean): void {
    const r = this.#rng;
    const dates = this.#dates;
    const id = this.#idBase.employment + this.employmentsDone + 1;
    this.employmentsDone++;
    const edc = this.#districts[employer.district]!.code;
    const enterpriseId = this.#idBase.enterprise + employer.index + 1;
    sink.row('employment', `${id},${m.id},${enterpriseId},${edc},${dates.format(start)},${end !== NO_DAY ? dates.format(end) : ''},${wageFen}`);
    if (!enrolled) return;
    if (m.firstEmployeeDay === NO_DAY || start < m.firstEmployeeDay) m.firstEmployeeDay = start;
    // Contributions: months in which the employment was active (joined on or before the month's
    // end, not left before its start); stopped at death; a run of missed months for some.
    const base = Math.min(LIMIT_CONTRIB_MAX, Math.max(LIMIT_CONTRIB_MIN, wageFen));
    const pension = Math.round(base * D.CONTRIBUTION_RATES.pension);
    const unemployment = Math.round(base * D.CONTRIBUTION_RATES.unemployment);
    const injury = Math.round(base * D.INDUSTRIES[this.#entIndustry[employer.index]!]!.injuryRate);
    let gapFrom = -1;
    let gapTo = -1;
    if (r.chance(D.CONTRIBUTION_GAP_SHARE)) {
      gapFrom = r.int(12);
      gapTo = gapFrom + r.range(1, 3);
    }
    const stop = m.deathDay !== NO_DAY ? (end !== NO_DAY ? Math.min(end, m.deathDay) : m.deathDay) : end;
    for (let k = 0; k < 12; k++) {
      const month = this.#months[k]!;
      if (start > month.end || (stop !== NO_DAY && stop < month.start)) continue;
      if (k >= gapFrom && k < gapTo) continue;
      sink.row('contribution', `${id},${month.text},${m.id},${edc},${base},${pension},${unemployment},${injury}`);
    }
  }

  // --- Social assistance --------------------------------------------------------------------------------

  /** Writes the household's assistance rows; true when it receives assistance. */
  #assistance(sink: RowSink, members: Member[], h: { hardship: number; householdId: number; dc: string; urbanResidence: boolean }): boolean {
    if (h.hardship === 0 || members.length === 0) return false;
    const r = this.#rng;
    const dates = this.#dates;
    const head = members[0]!;
    let kind: 'dibao' | 'extreme_poverty' | 'low_income' | null = null;
    if (h.hardship === 2) {
      const alone = members.length === 1 && (head.age >= 60 || (head.disabilityGrade > 0 && head.disabilityGrade <= 2));
      if (alone) kind = r.chance(D.ASSISTANCE_TAKE_UP.extremePoverty) ? 'extreme_poverty' : null;
      else kind = r.chance(D.ASSISTANCE_TAKE_UP.dibao) ? 'dibao' : null;
    } else if (r.chance(D.ASSISTANCE_TAKE_UP.lowIncome)) kind = 'low_income';
    if (!kind) return false;

    const householdStart = this.asOfDay - r.range(60, 8 * 365);
    const ended = kind !== 'low_income' && r.chance(D.ASSISTANCE_ENDED) ? this.asOfDay - r.range(1, 365) : NO_DAY;
    const standard = h.urbanResidence ? D.DIBAO_STANDARD_YUAN.urban : D.DIBAO_STANDARD_YUAN.rural;
    const shortfall = 0.3 + 0.7 * r.next(); // the household's income gap, as a share of the standard
    for (const m of members) {
      const start = Math.max(householdStart, m.birthDay + 1);
      if (start >= this.asOfDay) continue;
      let end = ended !== NO_DAY && ended > start ? ended : NO_DAY;
      if (m.deathDay !== NO_DAY && (end === NO_DAY || m.deathDay < end) && !r.chance(D.ASSISTANCE_NOT_ENDED_AFTER_DEATH)) end = Math.max(start, m.deathDay);
      const amountYuan = kind === 'dibao' ? Math.round(standard * shortfall) : kind === 'extreme_poverty' ? D.EXTREME_POVERTY_YUAN : 0;
      sink.row('civil_assistance', `${m.id},${h.householdId},${kind},${dates.format(start)},${end !== NO_DAY ? dates.format(end) : ''},${amountYuan * 100},${h.dc}`);
    }
    return true;
  }

  // --- Policy data (0003): drawn from #rngPolicy only -------------------------------------------------------

  /** A guaranteed business loan for some self-employed and flexible workers. */
  #guaranteedLoan(sink: RowSink, m: Member, dc: string, entrepreneurshipTrained: boolean): void {
    const L = D.GUARANTEED_LOAN;
    if (m.labour !== 'informal' || m.deathDay !== NO_DAY || m.age < L.minAge || m.age > L.maxAge) return;
    const r = this.#rngPolicy;
    if (!r.chance(L.informalShare * (entrepreneurshipTrained ? L.entrepreneurshipTrainedFactor : 1))) return;
    const start = Math.max(this.asOfDay - r.range(30, L.maxAgeDays), m.birthDay + Math.round(18 * 365.25));
    if (start >= this.asOfDay) return;
    const principalWan = this.#loanPrincipals.pick(r);
    const [y, mo, d] = civil(start);
    const end = dayFromYmd(y + this.#loanTerms.pick(r), mo, d);
    let repaid = NO_DAY;
    let overdue = false;
    if (end < this.asOfDay) {
      if (r.chance(L.overdueAfterDue)) overdue = true;
      else repaid = end;
    } else if (r.chance(L.repaidEarly) && this.asOfDay - 1 - start >= 90) repaid = start + r.range(90, this.asOfDay - 1 - start);
    const u = r.next();
    const eligible = u < L.subsidyEligible ? 'true' : u < L.subsidyEligible + L.subsidyNotEligible ? 'false' : '';
    const dates = this.#dates;
    sink.row(
      'entrepreneurship_loan',
      `${m.id},CYDB-${y}-${m.id},${r.pick(D.LENDERS)},${principalWan * 1_000_000},${dates.format(start)},${dates.format(end)},${repaid !== NO_DAY ? dates.format(repaid) : ''},${overdue},${eligible},${dc}`,
    );
  }

  /** The housing department's status of the head of a share of households; the rest stay unknown. */
  #housingStatus(sink: RowSink, head: Member | undefined, h: { hardship: number; assisted: boolean; dc: string; urbanResidence: boolean }): void {
    if (!head || head.deathDay !== NO_DAY || head.age < 18) return;
    const H = D.HOUSING_STATUS;
    const r = this.#rngPolicy;
    if (!r.chance(h.assisted ? H.coverage.assisted : h.hardship > 0 ? H.coverage.hardship : H.coverage.other)) return;
    const place = h.urbanResidence ? 'urban' : 'rural';
    const group = h.hardship > 0 ? 'hardship' : 'other';
    const owns = r.chance(H.ownsHome[group][place]);
    const tenant = !owns && r.chance(H.publicRental[group][place]);
    const area = r.chance(H.floorAreaUnknown) ? '' : String(Math.max(6, Math.round(H.floorAreaSqm[place] * Math.exp(0.35 * r.normal()))));
    const asOf = Math.max(this.asOfDay - r.range(1, H.maxAgeDays), head.birthDay + Math.round(18 * 365.25));
    sink.row('housing_status', `${head.id},${this.#dates.format(asOf)},${owns},${tenant},${area},${h.dc}`);
  }

  // --- Id numbers ---------------------------------------------------------------------------------------

  /** A unique GB 11643 id number; if the day's 500 sequences for that sex are used, the next day is taken. */
  #idNumber(districtIdx: number, region: string, birthDay: number, sex: Sex): { idNumber: string; birthDay: number } {
    const sexBit = sex === 'M' ? 1 : 0;
    for (let o = 0; ; o++) {
      // Offsets 0, +1, +2 … while not after asOf, then backwards from the original day.
      const ahead = this.asOfDay - birthDay;
      const day = o <= ahead ? birthDay + o : birthDay - (o - ahead);
      if (day < this.#minBirthDay) throw new Error('Id-number sequences exhausted');
      const k = ((districtIdx * this.#daySpan + (day - this.#minBirthDay)) << 1) | sexBit;
      while (this.#seqCounters[k]! < 500) {
        const c = this.#seqCounters[k]!;
        this.#seqCounters[k] = c + 1;
        const seq = (hash32(this.seed, districtIdx, day, sexBit) + c) % 500;
        const idNumber = makeIdNumber(region, this.#dates.format(day), sex, seq);
        if (!this.#isTaken?.(idNumber)) return { idNumber, birthDay: day };
      }
    }
  }
}

/** Splits `total` in proportion to `weights` (largest remainder), so the parts sum exactly to total. */
export function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i]! += 1;
    left--;
  }
  return parts;
}

function binaryHas(sorted: readonly string[], value: string): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
