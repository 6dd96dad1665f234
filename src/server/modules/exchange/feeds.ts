// The department feeds (数据共享): one per registry or department table. A feed says who owns it, what
// its rows look like (columns → zod row schema), its natural key, the registry rows it refers to
// (rows carry id numbers and credit codes, never internal ids) and how a row becomes a table row.
import { z } from 'zod';
import type { Database } from '../../db/schema.js';
import type { Bilingual } from '../../platform/errors.js';
import { parseIdNumber } from '../registry/index.js';
import {
  anyVillageCode,
  bool,
  code,
  columnSchema,
  creditCode,
  date,
  fen,
  idNumber,
  int,
  month,
  oneOf,
  opt,
  optFlag,
  phone,
  req,
  text,
  townshipCode,
  villageCode,
  year,
  type ColumnSpec,
  type Columns,
  type ParseContext,
  type RowOf,
  type Scalar,
} from './columns.js';

export type SqlType = 'bigint' | 'integer' | 'smallint' | 'text' | 'date' | 'boolean';

export type PersonRef = { id: number; districtCode: string; householdId: number | null; birthDate: string };
export type EnterpriseRef = { id: number; districtCode: string };
export type HouseholdRef = { id: number; districtCode: string };
export type EmploymentRef = { id: number; personId: number; districtCode: string; startDate: string; endDate: string | null };
/** The registry rows a feed row refers to, found set-based for a chunk of rows. */
export type Refs = { person?: PersonRef; enterprise?: EnterpriseRef; household?: HouseholdRef; employment?: EmploymentRef };
export type RefKind = keyof Refs;

export type FieldIssue = { field: string | null; code: string; zh: string; en: string };
export type Row = Record<string, Scalar>;

export type RefSpec = {
  kind: RefKind;
  /** The column named in the error when the reference is unknown. */
  field: string;
  /** The lookup key; null when the row does not refer (an optional reference left empty). */
  key(row: Row): string | null;
};

export type Feed = {
  name: string;
  department: string;
  table: keyof Database;
  label: Bilingual;
  description: Bilingual;
  columns: Columns;
  /** Natural key, in file columns. Two rows of one file with the same key are both refused. */
  key: readonly string[];
  /** The same key in table columns: the conflict target of the upsert. */
  targetKey: readonly string[];
  /** Every table column a row writes (besides id and batch_id), with its SQL type. */
  targetTypes: Readonly<Record<string, SqlType>>;
  /** New rows get ids max(id)+1… inside the load transaction (tables without a natural primary key). */
  allocateId: boolean;
  refs: readonly RefSpec[];
  /** A second unique column (e.g. a certificate number) that must not belong to another row. */
  unique?: string;
  check?(row: Row, ctx: ParseContext): FieldIssue[];
  refCheck?(row: Row, refs: Refs): FieldIssue[];
  toTarget(row: Row, refs: Refs): Row;
};

type FeedDef<C extends Columns> = Omit<Feed, 'columns' | 'key' | 'check' | 'refCheck' | 'toTarget' | 'refs' | 'unique'> & {
  columns: C;
  key: readonly (keyof C & string)[];
  refs: readonly { kind: RefKind; field: keyof C & string; key(row: RowOf<C>): string | null }[];
  unique?: keyof C & string;
  check?(row: RowOf<C>, ctx: ParseContext): FieldIssue[];
  refCheck?(row: RowOf<C>, refs: Refs): FieldIssue[];
  toTarget(row: RowOf<C>, refs: Refs): Row;
};

/** Keeps each definition typed by its own columns; the pipeline sees plain rows. */
function defineFeed<C extends Columns>(def: FeedDef<C>): Feed {
  return def as unknown as Feed;
}

const issue = (field: string | null, code: string, zh: string, en: string): FieldIssue => ({ field, code, zh, en });
const sqlTypeOf = (c: ColumnSpec): SqlType =>
  c.type.kind === 'date' || c.type.kind === 'month' ? 'date' : c.type.kind === 'year' ? 'smallint' : c.type.kind === 'fen' || c.type.kind === 'integer' ? 'integer' : c.type.kind === 'boolean' ? 'boolean' : 'text';

const notBefore = (row: Row, later: string, earlier: string): FieldIssue[] => {
  const a = row[later];
  const b = row[earlier];
  return typeof a === 'string' && typeof b === 'string' && a < b ? [issue(later, 'inconsistent', `${later} 早于 ${earlier}`, `${later} is before ${earlier}`)] : [];
};

// ---- Shared vocabularies ---------------------------------------------------------------------------
const SEX = { M: '男', F: '女' } as const;
const EDUCATION = { none: '无', primary: '小学', junior: '初中', senior: '高中', vocational: '中职', college: '大专', bachelor: '本科', master: '硕士', doctor: '博士' } as const;
const RELATION = { head: '户主', spouse: '配偶', child: '子女', parent: '父母', grandchild: '孙子女', sibling: '兄弟姐妹', other: '其他' } as const;

const idColumn = req(idNumber, '身份证号', { zh: '公民身份号码,须已在人员库中', en: 'citizen id number; the person must be in the registry' });
const creditColumn = req(creditCode, '统一社会信用代码', { zh: '企业统一社会信用代码,须已在企业库中', en: 'unified social credit code; the enterprise must be in the registry' });

// ---- Registry feeds ----------------------------------------------------------------------------------

const persons = defineFeed({
  name: 'persons',
  department: 'public_security',
  table: 'person',
  label: { zh: '人口基础信息', en: 'Persons' },
  description: { zh: '公安户籍人口:身份证号、姓名、户籍地与常住地、文化程度、户号', en: 'Registered population: id number, name, hukou and residence, education, household' },
  columns: {
    id_number: req(idNumber, '身份证号', { zh: '公民身份号码;地址码须与户籍地区县一致', en: 'citizen id number; its region code must be the hukou district' }),
    name: req(text(50), '姓名', { zh: '姓名', en: 'full name' }),
    sex: opt(oneOf(SEX), '性别', { zh: '可空,取自身份证号;填写时须与身份证号一致', en: 'optional, taken from the id number; when given it must agree' }),
    birth_date: opt(date(), '出生日期', { zh: '可空,取自身份证号;填写时须与身份证号一致', en: 'optional, taken from the id number; when given it must agree' }),
    hukou_village_code: req(villageCode, '户籍地村(社区)代码', { zh: '户籍所在村(社区)', en: 'village of hukou registration' }),
    residence_village_code: req(villageCode, '常住地村(社区)代码', { zh: '常住地村(社区)', en: 'village of residence' }),
    education: req(oneOf(EDUCATION), '文化程度', { zh: '最高学历', en: 'highest education' }),
    phone: opt(phone, '联系电话', { zh: '联系电话', en: 'phone number' }, 'phone'),
    household_no: opt(int(1, Number.MAX_SAFE_INTEGER), '户号', { zh: '所属户的户号,须已在户籍库中(先导入 households)', en: 'household number; the household must exist (import households first)' }, 'household_id'),
    relation: opt(oneOf(RELATION), '与户主关系', { zh: '与户主关系,填写时须有户号', en: 'relation to the head of household; needs household_no' }, 'relation'),
  },
  key: ['id_number'],
  targetKey: ['id_number'],
  targetTypes: {
    id_number: 'text', name: 'text', sex: 'text', birth_date: 'date', hukou_district_code: 'text', hukou_village_code: 'text',
    district_code: 'text', township_code: 'text', village_code: 'text', education: 'text', phone: 'text', household_id: 'bigint', relation: 'text',
  },
  allocateId: true,
  refs: [{ kind: 'household', field: 'household_no', key: (r) => (r.household_no === null ? null : String(r.household_no)) }],
  check(r) {
    const out: FieldIssue[] = [];
    const id = parseIdNumber(r.id_number);
    if (r.sex !== null && r.sex !== id.sex) out.push(issue('sex', 'inconsistent', '性别与身份证号不符', 'the sex does not match the id number'));
    if (r.birth_date !== null && r.birth_date !== id.birthDate) out.push(issue('birth_date', 'inconsistent', '出生日期与身份证号不符', 'the birth date does not match the id number'));
    if (id.regionCode !== r.hukou_village_code.slice(0, 6)) {
      out.push(issue('hukou_village_code', 'inconsistent', `身份证号地址码 ${id.regionCode} 与户籍地区县 ${r.hukou_village_code.slice(0, 6)} 不一致`, `the id number's region code ${id.regionCode} is not the hukou district ${r.hukou_village_code.slice(0, 6)}`));
    }
    if (r.relation !== null && r.household_no === null) out.push(issue('relation', 'inconsistent', '填写了与户主关系却没有户号', 'a relation is given without a household number'));
    return out;
  },
  toTarget(r, refs) {
    const id = parseIdNumber(r.id_number);
    return {
      id_number: r.id_number,
      name: r.name,
      sex: id.sex,
      birth_date: id.birthDate,
      hukou_district_code: r.hukou_village_code.slice(0, 6),
      hukou_village_code: r.hukou_village_code,
      district_code: r.residence_village_code.slice(0, 6),
      township_code: r.residence_village_code.slice(0, 9),
      village_code: r.residence_village_code,
      education: r.education,
      phone: r.phone,
      household_id: refs.household?.id ?? null,
      relation: r.relation,
    };
  },
});

const households = defineFeed({
  name: 'households',
  department: 'public_security',
  table: 'household',
  label: { zh: '户籍户信息', en: 'Households' },
  description: { zh: '户籍户:户号、所在村(社区)、户口类型', en: 'Hukou households: number, village, hukou type' },
  columns: {
    household_no: req(int(1, Number.MAX_SAFE_INTEGER), '户号', { zh: '户号(户籍系统编号)', en: 'household number (from the hukou system)' }),
    village_code: req(villageCode, '村(社区)代码', { zh: '户籍所在村(社区)', en: 'village of the household' }),
    hukou_type: req(oneOf({ urban: '城镇', rural: '农村' }), '户口类型', { zh: '城镇或农村户口', en: 'urban or rural hukou' }),
  },
  key: ['household_no'],
  targetKey: ['id'],
  targetTypes: { id: 'bigint', district_code: 'text', village_code: 'text', hukou_type: 'text' },
  allocateId: false,
  refs: [],
  toTarget: (r) => ({ id: r.household_no, district_code: r.village_code.slice(0, 6), village_code: r.village_code, hukou_type: r.hukou_type }),
});

const enterprises = defineFeed({
  name: 'enterprises',
  department: 'market_regulation',
  table: 'enterprise',
  label: { zh: '市场主体登记信息', en: 'Enterprises' },
  description: { zh: '企业登记:统一社会信用代码、名称、行业门类、所在乡镇街道、规模、成立日期', en: 'Enterprise register: credit code, name, industry section, township, size, date established' },
  columns: {
    credit_code: req(creditCode, '统一社会信用代码', { zh: '统一社会信用代码(GB 32100)', en: 'unified social credit code (GB 32100)' }),
    name: req(text(100), '企业名称', { zh: '登记名称', en: 'registered name' }),
    industry_section: req(code(/^[A-T]$/, { zh: '国民经济行业门类字母 A–T', en: 'an industry section letter A–T (GB/T 4754)' }), '行业门类', { zh: 'GB/T 4754 行业门类', en: 'GB/T 4754 industry section' }),
    township_code: req(townshipCode, '所在乡镇(街道)代码', { zh: '住所所在乡镇(街道)', en: 'township of the registered address' }),
    size: req(oneOf({ large: '大型', medium: '中型', small: '小型', micro: '微型' }), '企业规模', { zh: '大型/中型/小型/微型', en: 'large, medium, small or micro' }),
    established_on: req(date({ notFuture: true }), '成立日期', { zh: '成立日期', en: 'date established' }),
  },
  key: ['credit_code'],
  targetKey: ['credit_code'],
  targetTypes: { credit_code: 'text', name: 'text', industry_section: 'text', district_code: 'text', township_code: 'text', size: 'text', established_on: 'date' },
  allocateId: true,
  refs: [],
  toTarget: (r) => ({
    credit_code: r.credit_code,
    name: r.name,
    industry_section: r.industry_section,
    district_code: r.township_code.slice(0, 6),
    township_code: r.township_code,
    size: r.size,
    established_on: r.established_on,
  }),
});

const employments = defineFeed({
  name: 'employments',
  department: 'hrss',
  table: 'employment',
  label: { zh: '劳动用工备案', en: 'Employment relations' },
  description: { zh: '用工备案:谁在哪家企业、起止日期、月工资', en: 'Employment records: who works for which enterprise, from and to, monthly wage' },
  columns: {
    id_number: idColumn,
    credit_code: creditColumn,
    start_date: req(date(), '入职日期', { zh: '用工起始日期', en: 'start date' }),
    end_date: opt(date(), '离职日期', { zh: '用工终止日期;在职为空', en: 'end date; empty while employed' }, 'end_date'),
    monthly_wage_fen: req(fen, '月工资(分)', { zh: '月工资,单位:分', en: 'monthly wage in fen' }),
  },
  key: ['id_number', 'credit_code', 'start_date'],
  targetKey: ['person_id', 'enterprise_id', 'start_date'],
  targetTypes: { person_id: 'bigint', enterprise_id: 'bigint', district_code: 'text', start_date: 'date', end_date: 'date', monthly_wage_fen: 'integer' },
  allocateId: true,
  refs: [
    { kind: 'person', field: 'id_number', key: (r) => r.id_number },
    { kind: 'enterprise', field: 'credit_code', key: (r) => r.credit_code },
  ],
  check: (r) => notBefore(r, 'end_date', 'start_date'),
  toTarget: (r, refs) => ({
    person_id: refs.person!.id,
    enterprise_id: refs.enterprise!.id,
    // An employment belongs to the enterprise's district.
    district_code: refs.enterprise!.districtCode,
    start_date: r.start_date,
    end_date: r.end_date,
    monthly_wage_fen: r.monthly_wage_fen,
  }),
});

export const employmentKey = (idNumber: string, creditCode: string, startDate: string) => `${idNumber}|${creditCode}|${startDate}`;

const contributions = defineFeed({
  name: 'contributions',
  department: 'hrss',
  table: 'contribution',
  label: { zh: '社会保险缴费明细', en: 'Insurance contributions' },
  description: { zh: '按用工关系和月份的缴费基数与养老、失业、工伤缴费', en: 'Monthly contribution base and pension, unemployment and work-injury contributions per employment' },
  columns: {
    id_number: idColumn,
    credit_code: creditColumn,
    employment_start_date: req(date(), '用工起始日期', { zh: '所属用工关系的起始日期(与用工备案一致)', en: 'start date of the employment (as in the employments feed)' }),
    month: req(month, '费款所属期', { zh: '缴费月份', en: 'month paid for' }),
    base_fen: req(fen, '缴费基数(分)', { zh: '缴费基数,单位:分', en: 'contribution base in fen' }),
    pension_fen: req(fen, '养老保险(分)', { zh: '养老保险缴费,单位:分', en: 'pension contribution in fen' }),
    unemployment_fen: req(fen, '失业保险(分)', { zh: '失业保险缴费,单位:分', en: 'unemployment contribution in fen' }),
    injury_fen: req(fen, '工伤保险(分)', { zh: '工伤保险缴费,单位:分', en: 'work-injury contribution in fen' }),
  },
  key: ['id_number', 'credit_code', 'employment_start_date', 'month'],
  targetKey: ['employment_id', 'month'],
  targetTypes: { employment_id: 'bigint', month: 'date', person_id: 'bigint', district_code: 'text', base_fen: 'integer', pension_fen: 'integer', unemployment_fen: 'integer', injury_fen: 'integer' },
  allocateId: false,
  refs: [{ kind: 'employment', field: 'employment_start_date', key: (r) => employmentKey(r.id_number, r.credit_code, r.employment_start_date) }],
  refCheck(r, refs) {
    const e = refs.employment!;
    const inside = r.month >= e.startDate.slice(0, 7) + '-01' && (e.endDate === null || r.month <= e.endDate);
    return inside ? [] : [issue('month', 'inconsistent', '缴费月份不在该用工关系的起止期间内', 'the month is outside the period of the employment')];
  },
  toTarget: (r, refs) => ({
    employment_id: refs.employment!.id,
    month: r.month,
    person_id: refs.employment!.personId,
    district_code: refs.employment!.districtCode,
    base_fen: r.base_fen,
    pension_fen: r.pension_fen,
    unemployment_fen: r.unemployment_fen,
    injury_fen: r.injury_fen,
  }),
});

// ---- Department feeds: rows about one person, keyed by id number ------------------------------------

/**
 * A department table of rows about persons: the file carries id_number plus the table's own columns
 * (same names); person_id and district_code (the person's residence district) are filled in.
 */
function personFeed<C extends Columns>(def: {
  name: string;
  department: string;
  table: keyof Database;
  label: Bilingual;
  description: Bilingual;
  columns: C;
  key: readonly (keyof C & string)[];
  unique?: keyof C & string;
  check?(row: RowOf<C> & { id_number: string }, ctx: ParseContext): FieldIssue[];
  refCheck?(row: RowOf<C> & { id_number: string }, refs: Refs): FieldIssue[];
  /** Extra table columns filled from the person (beyond person_id and district_code). */
  fromPerson?: { types: Record<string, SqlType>; values(p: PersonRef): Row };
}): Feed {
  const columns: Columns = { id_number: idColumn };
  const targetTypes: Record<string, SqlType> = { person_id: 'bigint', district_code: 'text', ...def.fromPerson?.types };
  for (const [name, c] of Object.entries(def.columns)) {
    columns[name] = c.required ? c : { ...c, target: name };
    targetTypes[name] = sqlTypeOf(c);
  }
  const own = Object.keys(def.columns);
  return {
    name: def.name,
    department: def.department,
    table: def.table,
    label: def.label,
    description: def.description,
    columns,
    key: ['id_number', ...def.key],
    targetKey: ['person_id', ...def.key],
    targetTypes,
    allocateId: false,
    refs: [{ kind: 'person', field: 'id_number', key: (r) => r.id_number as string }],
    ...(def.unique ? { unique: def.unique } : {}),
    ...(def.check ? { check: def.check as Feed['check'] } : {}),
    ...(def.refCheck ? { refCheck: def.refCheck as Feed['refCheck'] } : {}),
    toTarget(r, refs) {
      const p = refs.person!;
      const out: Row = { person_id: p.id, district_code: p.districtCode, ...def.fromPerson?.values(p) };
      for (const c of own) out[c] = r[c] ?? null;
      return out;
    },
  };
}

const civilAssistance = personFeed({
  name: 'civil_assistance',
  department: 'civil_affairs',
  table: 'civil_assistance',
  label: { zh: '社会救助(低保、特困、低收入)', en: 'Social assistance (dibao, extreme poverty, low income)' },
  description: { zh: '民政救助对象:类别、起止日期、月救助金额;所属户取自人员库', en: 'Civil-affairs assistance: kind, from and to, monthly amount; the household comes from the registry' },
  columns: {
    kind: req(oneOf({ dibao: '低保', extreme_poverty: '特困', low_income: '低收入' }), '救助类别', { zh: '低保/特困/低收入', en: 'dibao, extreme_poverty or low_income' }),
    start_date: req(date(), '起始日期', { zh: '享受起始日期', en: 'start date' }),
    end_date: opt(date(), '终止日期', { zh: '终止日期;仍在享受为空', en: 'end date; empty while current' }),
    monthly_amount_fen: req(fen, '月救助金额(分)', { zh: '月救助金额,单位:分', en: 'monthly amount in fen' }),
  },
  key: ['kind', 'start_date'],
  check: (r) => notBefore(r, 'end_date', 'start_date'),
  fromPerson: { types: { household_id: 'bigint' }, values: (p) => ({ household_id: p.householdId }) },
});

const deaths = personFeed({
  name: 'deaths',
  department: 'public_security',
  table: 'police_death',
  label: { zh: '死亡注销登记', en: 'Deaths' },
  description: { zh: '公安死亡注销:死亡日期', en: 'Death registrations: date of death' },
  columns: { death_date: req(date({ notFuture: true }), '死亡日期', { zh: '死亡日期', en: 'date of death' }) },
  key: [],
  refCheck: (r, refs) => (r.death_date < refs.person!.birthDate ? [issue('death_date', 'inconsistent', '死亡日期早于出生日期', 'the date of death is before the birth date')] : []),
});

const hukouMoves = personFeed({
  name: 'hukou_moves',
  department: 'public_security',
  table: 'police_hukou_move',
  label: { zh: '户籍迁移登记', en: 'Hukou moves' },
  description: { zh: '户口迁入迁出:迁移日期、迁出地与迁入地村(社区)', en: 'Hukou moves: date, from and to village' },
  columns: {
    move_date: req(date({ notFuture: true }), '迁移日期', { zh: '迁移日期', en: 'date of the move' }),
    from_village_code: req(anyVillageCode, '迁出地代码', { zh: '迁出地村(社区)代码', en: 'village moved from' }),
    to_village_code: req(anyVillageCode, '迁入地代码', { zh: '迁入地村(社区)代码', en: 'village moved to' }),
  },
  key: ['move_date'],
  check: (r) => (r.from_village_code === r.to_village_code ? [issue('to_village_code', 'inconsistent', '迁入地与迁出地相同', 'the move is from and to the same village')] : []),
});

const graduates = personFeed({
  name: 'graduates',
  department: 'education',
  table: 'edu_graduate',
  label: { zh: '高校毕业生', en: 'Graduates' },
  description: { zh: '毕业生:毕业年份、学校、学历层次、专业(可含次年应届)', en: 'Graduates: year, school, level, major (next year\'s class included)' },
  columns: {
    graduation_year: req(year(1950, 1), '毕业年份', { zh: '毕业年份', en: 'year of graduation' }),
    school: req(text(100), '毕业学校', { zh: '学校名称', en: 'school' }),
    level: req(oneOf({ vocational: '中职', college: '专科', bachelor: '本科', master: '硕士', doctor: '博士' }), '学历层次', { zh: '学历层次', en: 'level' }),
    major: req(text(100), '专业', { zh: '专业名称', en: 'major' }),
  },
  key: ['graduation_year', 'level'],
});

const students = personFeed({
  name: 'students',
  department: 'education',
  table: 'edu_student',
  label: { zh: '在校学生', en: 'Students' },
  description: { zh: '在校生:学年、学段、学校', en: 'Students: school year, stage, school' },
  columns: {
    school_year: req(year(2000, 1), '学年', { zh: '学年起始年份(2023 表示 2023–2024 学年)', en: 'first year of the school year (2023 is 2023–24)' }),
    stage: req(oneOf({ preschool: '学前', primary: '小学', junior: '初中', senior: '高中', vocational: '中职', higher: '高等教育' }), '学段', { zh: '学段', en: 'stage' }),
    school: req(text(100), '学校', { zh: '学校名称', en: 'school' }),
  },
  key: ['school_year'],
});

const disabilityCertificates = personFeed({
  name: 'disability_certificates',
  department: 'disabled',
  table: 'disability_certificate',
  label: { zh: '残疾人证', en: 'Disability certificates' },
  description: { zh: '第二代残疾人证:证号、类别、等级、发证日期', en: 'Disability certificates: number, category, grade, date issued' },
  columns: {
    certificate_no: req(code(/^[0-9A-Z]{6,30}$/, { zh: '6–30 位数字或大写字母', en: '6–30 digits or capital letters' }), '残疾人证号', { zh: '残疾人证号,不能与他人重复', en: 'certificate number; unique to one person' }),
    category: req(oneOf({ visual: '视力', hearing: '听力', speech: '言语', physical: '肢体', intellectual: '智力', mental: '精神', multiple: '多重' }), '残疾类别', { zh: '残疾类别', en: 'category' }),
    grade: req(int(1, 4), '残疾等级', { zh: '1–4 级', en: 'grade 1–4' }),
    issued_on: req(date({ notFuture: true }), '发证日期', { zh: '发证日期', en: 'date issued' }),
  },
  key: [],
  unique: 'certificate_no',
});

const veterans = personFeed({
  name: 'veterans',
  department: 'veterans',
  table: 'veteran',
  label: { zh: '退役军人', en: 'Veterans' },
  description: { zh: '退役军人:退役日期、军种、是否优抚对象', en: 'Veterans: discharge date, service branch, entitled group' },
  columns: {
    discharge_date: req(date({ notFuture: true }), '退役日期', { zh: '退役日期', en: 'date of discharge' }),
    service_branch: req(oneOf({ army: '陆军', navy: '海军', air_force: '空军', rocket_force: '火箭军', armed_police: '武警', other: '其他' }), '军种', { zh: '军种', en: 'service branch' }),
    entitled_group: optFlag('优抚对象', { zh: '是否优抚对象;为空或未提供时为否', en: 'in an entitled group; false when empty or not given' }),
  },
  key: [],
});

const povertyAlleviated = personFeed({
  name: 'poverty_alleviated',
  department: 'rural_revitalisation',
  table: 'poverty_alleviated',
  label: { zh: '脱贫人口', en: 'Lifted out of poverty' },
  description: { zh: '脱贫人口:脱贫年度、是否防止返贫监测对象', en: 'Population lifted out of poverty: year, relapse watch' },
  columns: {
    lifted_year: req(year(2013), '脱贫年度', { zh: '脱贫年度', en: 'year lifted out of poverty' }),
    relapse_watch: optFlag('防返贫监测对象', { zh: '是否防止返贫监测对象;为空或未提供时为否', en: 'on the relapse watch; false when empty or not given' }),
  },
  key: [],
});

const formerFishermen = personFeed({
  name: 'former_fishermen',
  department: 'agriculture',
  table: 'former_fisherman',
  label: { zh: '退捕渔民', en: 'Former fishermen' },
  description: { zh: '长江禁捕退捕渔民:建档日期、原作业水域', en: 'Fishermen of the Yangtze fishing ban: date registered, water body' },
  columns: {
    registered_on: req(date({ notFuture: true }), '建档日期', { zh: '建档立卡日期', en: 'date registered' }),
    water_body: req(text(100), '作业水域', { zh: '原作业水域', en: 'former fishing waters' }),
  },
  key: [],
});

const unemploymentRegistrations = personFeed({
  name: 'unemployment_registrations',
  department: 'hrss',
  table: 'hr_unemployment_registration',
  label: { zh: '失业登记', en: 'Unemployment registrations' },
  description: { zh: '失业登记:登记日期、注销日期与原因', en: 'Unemployment registrations: date, end date and reason' },
  columns: {
    registered_on: req(date({ notFuture: true }), '登记日期', { zh: '失业登记日期', en: 'date registered' }),
    ended_on: opt(date(), '注销日期', { zh: '注销日期;仍在登记为空', en: 'date ended; empty while registered' }),
    end_reason: opt(oneOf({ employed: '就业', moved: '迁出', retired: '退休', other: '其他' }), '注销原因', { zh: '注销原因,须有注销日期', en: 'reason it ended; needs ended_on' }),
  },
  key: ['registered_on'],
  check: (r) => [
    ...notBefore(r, 'ended_on', 'registered_on'),
    ...(r.end_reason !== null && r.ended_on === null ? [issue('end_reason', 'inconsistent', '填写了注销原因却没有注销日期', 'an end reason is given without ended_on')] : []),
  ],
});

const insuranceEnrolments = personFeed({
  name: 'insurance_enrolments',
  department: 'hrss',
  table: 'hr_insurance_enrolment',
  label: { zh: '社会保险参保', en: 'Insurance enrolments' },
  description: { zh: '参保登记:险种、参保日期、参保状态', en: 'Social insurance enrolment: scheme, date, status' },
  columns: {
    scheme: req(oneOf({ employee_pension: '职工养老', resident_pension: '城乡居民养老', unemployment: '失业', work_injury: '工伤' }), '险种', { zh: '险种', en: 'scheme' }),
    enrolled_on: req(date({ notFuture: true }), '参保日期', { zh: '参保日期', en: 'date enrolled' }),
    status: req(oneOf({ active: '参保缴费', suspended: '暂停缴费', terminated: '终止参保' }), '参保状态', { zh: '参保状态', en: 'status' }),
  },
  key: ['scheme'],
});

const trainingRecords = personFeed({
  name: 'training_records',
  department: 'hrss',
  table: 'hr_training_record',
  label: { zh: '职业技能培训', en: 'Training records' },
  description: { zh: '补贴性职业技能培训:课程、类别、起止日期、取得证书等级', en: 'Subsidised training: course, kind, from and to, certificate obtained' },
  columns: {
    course_code: req(code(/^[0-9A-Z_-]{1,40}$/, { zh: '1–40 位数字、大写字母、- 或 _', en: '1–40 digits, capital letters, - or _' }), '课程编号', { zh: '培训课程(班次)编号', en: 'course code' }),
    course_name: req(text(100), '课程名称', { zh: '课程名称', en: 'course name' }),
    kind: req(oneOf({ employment_skills: '就业技能培训', upgrade: '岗位技能提升培训', entrepreneurship: '创业培训', new_form: '新就业形态培训' }), '培训类别', { zh: '培训类别', en: 'kind of training' }),
    start_date: req(date(), '开班日期', { zh: '开班日期', en: 'start date' }),
    end_date: req(date(), '结业日期', { zh: '结业日期', en: 'end date' }),
    certificate_level: opt(text(20), '证书等级', { zh: '取得的职业资格或技能等级;未取得为空', en: 'certificate or skill level obtained; empty if none' }),
  },
  key: ['course_code', 'start_date'],
  check: (r) => notBefore(r, 'end_date', 'start_date'),
});

const medicalEnrolments = personFeed({
  name: 'medical_enrolments',
  department: 'medical_insurance',
  table: 'medical_enrolment',
  label: { zh: '医疗保险参保', en: 'Medical insurance enrolments' },
  description: { zh: '基本医疗保险参保:年度、险种', en: 'Basic medical insurance: year, scheme' },
  columns: {
    year: req(year(2000, 1), '参保年度', { zh: '参保年度', en: 'year' }),
    scheme: req(oneOf({ employee: '职工医保', resident: '城乡居民医保' }), '医保类别', { zh: '职工或城乡居民医保', en: 'employee or resident scheme' }),
  },
  key: ['year'],
});

// ---- Policy data (0003): what the policy pack needs beyond the foundation ---------------------------

const entrepreneurshipLoans = personFeed({
  name: 'entrepreneurship_loans',
  department: 'hrss',
  table: 'entrepreneurship_loan',
  label: { zh: '创业担保贷款', en: 'Guaranteed business loans' },
  description: {
    zh: '创业担保贷款:借款合同编号、贷款银行、本金、放款与到期日期、结清日期、是否逾期、贴息资格',
    en: 'Guaranteed business loans: contract number, lender, principal, start and due dates, date settled, overdue, interest-subsidy eligibility',
  },
  columns: {
    loan_no: req(code(/^[0-9A-Z-]{6,40}$/, { zh: '6–40 位数字、大写字母或 -', en: '6–40 digits, capital letters or -' }), '借款合同编号', { zh: '借款合同编号,不能与他人重复', en: 'loan contract number; unique to one borrower' }),
    lender: req(text(100), '贷款银行', { zh: '经办银行名称', en: 'lending bank' }),
    principal_fen: req(fen, '贷款本金(分)', { zh: '贷款本金,单位:分,须大于 0', en: 'principal in fen, more than 0' }),
    start_date: req(date({ notFuture: true }), '放款日期', { zh: '放款日期', en: 'date the loan was paid out' }),
    end_date: req(date(), '到期日期', { zh: '合同到期日期', en: 'date the loan falls due' }),
    repaid_on: opt(date({ notFuture: true }), '结清日期', { zh: '结清日期;未结清为空', en: 'date settled; empty while outstanding' }),
    overdue: optFlag('是否逾期', { zh: '是否逾期;为空或未提供时为否', en: 'overdue; false when empty or not given' }),
    interest_subsidy_eligible: opt(bool, '贴息资格', { zh: '经办机构审核的财政贴息资格;未审核为空', en: 'eligibility for the interest subsidy as assessed by the handling office; empty while not assessed' }),
  },
  key: ['loan_no'],
  unique: 'loan_no',
  check: (r) => [
    ...(r.principal_fen === 0 ? [issue('principal_fen', 'out_of_range', '贷款本金须大于 0', 'the principal must be more than 0')] : []),
    ...notBefore(r, 'end_date', 'start_date'),
    ...notBefore(r, 'repaid_on', 'start_date'),
  ],
});

const housingStatus = personFeed({
  name: 'housing_status',
  department: 'housing',
  table: 'housing_status',
  label: { zh: '住房状况', en: 'Housing status' },
  description: {
    zh: '住房保障与不动产登记比对:核查日期、本市有无自有住房、是否承租公租房、家庭人均住房建筑面积',
    en: 'Housing security and real-estate register check: date, owns a home in Chongqing, public rental tenant, floor area per household member',
  },
  columns: {
    as_of: req(date({ notFuture: true }), '核查日期', { zh: '住房状况的核查(数据截止)日期', en: 'date the status was checked' }),
    owns_home: req(bool, '有自有住房', { zh: '本人或家庭成员在本市是否登记有自有住房', en: 'whether the person or their household owns a home in Chongqing (real-estate register)' }),
    public_rental_tenant: optFlag('承租公租房', { zh: '是否正在承租公租房;为空或未提供时为否', en: 'currently a public rental tenant; false when empty or not given' }),
    per_capita_floor_area_sqm: opt(int(0, 10_000), '人均住房建筑面积(平方米)', { zh: '家庭人均住房建筑面积,整数平方米;不详为空', en: 'household floor area per person, whole square metres; empty when unknown' }),
  },
  key: ['as_of'],
});

export const FEEDS: readonly Feed[] = [
  persons,
  households,
  enterprises,
  employments,
  contributions,
  civilAssistance,
  deaths,
  hukouMoves,
  graduates,
  students,
  disabilityCertificates,
  veterans,
  povertyAlleviated,
  formerFishermen,
  unemploymentRegistrations,
  insuranceEnrolments,
  trainingRecords,
  medicalEnrolments,
  entrepreneurshipLoans,
  housingStatus,
];

const BY_NAME = new Map(FEEDS.map((f) => [f.name, f]));

export function feedNames(): string[] {
  return FEEDS.map((f) => f.name);
}

export function findFeed(name: string): Feed | undefined {
  return BY_NAME.get(name);
}

/** The zod schema of one row: each column's text (undefined when empty) in, typed values out. */
export function rowSchema(feed: Feed, ctx: ParseContext) {
  const shape: Record<string, z.ZodType<Scalar, string | undefined>> = {};
  for (const [name, c] of Object.entries(feed.columns)) shape[name] = columnSchema(c, ctx);
  return z.object(shape);
}

/** Header names and JSON keys accepted for each column: the column name (any case) or its Chinese label. */
export function headerSpec(feed: Feed) {
  const byName = new Map<string, string>();
  for (const [name, c] of Object.entries(feed.columns)) {
    byName.set(name.toLowerCase(), name);
    byName.set(c.labelZh, name);
  }
  return {
    resolve: (n: string) => byName.get(n) ?? byName.get(n.toLowerCase()),
    required: Object.entries(feed.columns).filter(([, c]) => c.required).map(([n]) => n),
    all: Object.keys(feed.columns),
  };
}
