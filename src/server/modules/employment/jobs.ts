// Job postings (岗位): the input contract, its checks against the divisions and the occupation
// catalogue, discrimination screening before publication, and the shapes the pages read.
import { sql } from 'kysely';
import { z } from 'zod';
import type { DbOrTx } from '../../db/index.js';
import type { Education, JobPostingTable } from '../../db/schema.js';
import { AppError, type ErrorDetail } from '../../platform/errors.js';
import { msg } from '../../platform/validation.js';
import { DateText } from './dates.js';
import { EDUCATION_RANK, normaliseSkill } from './matching.js';
import { isMiddleGroup, occupation } from './reference.js';
import { hasBlocking, screenPosting, type ScreeningFinding } from './screening.js';

export const EDUCATIONS = ['none', 'primary', 'junior', 'senior', 'vocational', 'college', 'bachelor', 'master', 'doctor'] as const satisfies readonly Education[];
export const SCHEDULES = ['standard', 'shifts', 'flexible', 'part_time'] as const;
/** Chongqing's lower (second-tier) monthly minimum wage since 2022, in yuan: a full-time wage may not be below it. */
export const MINIMUM_MONTHLY_WAGE_YUAN = 2000;
export const MAX_VALIDITY_DAYS = 180;

const Yuan = z.number().int(msg('须为整数元', 'whole yuan')).min(1).max(1_000_000);

export const JobInput = z.object({
  title: z.string().trim().min(2).max(60),
  occupationCode: z.string().refine(isMiddleGroup, msg('须为职业分类大典的中类代码，如 4-04', 'a middle group of the occupation catalogue, such as 4-04')),
  districtCode: z.string().regex(/^50\d{4}$/, msg('须为本市区县代码', 'a Chongqing district code')),
  townshipCode: z.string().regex(/^\d{9}$/, msg('须为9位乡镇(街道)代码', 'a 9-digit township code')).nullish(),
  wageMinYuan: Yuan,
  wageMaxYuan: Yuan,
  education: z.enum(EDUCATIONS),
  experienceYears: z.number().int().min(0).max(40),
  headcount: z.number().int().min(1).max(10_000),
  weeklyHours: z.number().int().min(1).max(60),
  schedule: z.enum(SCHEDULES),
  description: z.string().trim().min(10).max(4000),
  skills: z.array(z.string().trim().min(1).max(20)).max(10).default([]),
  forGraduates: z.boolean().default(false),
  validFrom: DateText,
  validUntil: DateText,
});
export type JobInput = z.infer<typeof JobInput>;

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Checks that need the database or relate fields; every problem is reported, with its field. */
export async function checkJobInput(db: DbOrTx, j: JobInput, today: string, prefix = ''): Promise<ErrorDetail[]> {
  const e: ErrorDetail[] = [];
  const at = (path: string, zh: string, en: string) => e.push({ path: prefix + path, message: zh, messageEn: en });
  if (j.wageMaxYuan < j.wageMinYuan) at('wageMaxYuan', '最高工资不能低于最低工资', 'the maximum wage is below the minimum');
  if (j.schedule !== 'part_time' && j.wageMinYuan < MINIMUM_MONTHLY_WAGE_YUAN)
    at('wageMinYuan', `全日制岗位月工资不得低于本市最低工资标准${MINIMUM_MONTHLY_WAGE_YUAN}元`, `a full-time wage may not be below Chongqing's minimum wage of ${MINIMUM_MONTHLY_WAGE_YUAN} yuan a month`);
  if (j.schedule !== 'part_time' && j.weeklyHours > 44) at('weeklyHours', '标准工时制每周不超过44小时（劳动法第三十六条）', 'standard working time is at most 44 hours a week (Labour Law art. 36)');
  if (j.validUntil < j.validFrom) at('validUntil', '有效期截止日早于开始日', 'the validity ends before it starts');
  if (j.validUntil > addDays(j.validFrom, MAX_VALIDITY_DAYS)) at('validUntil', `有效期最长${MAX_VALIDITY_DAYS}天`, `a posting is valid for at most ${MAX_VALIDITY_DAYS} days`);
  if (j.validUntil < today) at('validUntil', '有效期已过', 'the validity has already ended');
  if (j.validFrom < addDays(today, -30)) at('validFrom', '开始日期不能早于30天前', 'the start may not be more than 30 days ago');
  const codes = [j.districtCode, ...(j.townshipCode ? [j.townshipCode] : [])];
  const found = new Map((await db.selectFrom('division').select(['code', 'level', 'parent_code']).where('code', 'in', codes).execute()).map((d) => [d.code, d]));
  if (found.get(j.districtCode)?.level !== 2) at('districtCode', '不是本市的区县', 'not a district of Chongqing');
  if (j.townshipCode) {
    const t = found.get(j.townshipCode);
    if (!t || t.level !== 3) at('townshipCode', '不是乡镇(街道)代码', 'not a township');
    else if (t.parent_code !== j.districtCode) at('townshipCode', '乡镇(街道)不在所选区县内', 'the township is not in the district');
  }
  return e;
}

export function screenJob(j: Pick<JobInput, 'title' | 'description'>): ScreeningFinding[] {
  return screenPosting({ title: j.title, description: j.description });
}

/** The row to write for an input (status from the screening), without the who and when. */
export function jobRow(j: JobInput, findings: ScreeningFinding[]) {
  return {
    title: j.title,
    occupation_code: j.occupationCode,
    major_code: j.occupationCode.split('-')[0]!,
    district_code: j.districtCode,
    township_code: j.townshipCode ?? null,
    wage_min_fen: j.wageMinYuan * 100,
    wage_max_fen: j.wageMaxYuan * 100,
    education: j.education,
    education_rank: EDUCATION_RANK[j.education],
    experience_years: j.experienceYears,
    headcount: j.headcount,
    weekly_hours: j.weeklyHours,
    schedule: j.schedule,
    description: j.description,
    skills: [...new Set(j.skills.map(normaliseSkill))],
    for_graduates: j.forGraduates,
    valid_from: j.validFrom,
    valid_until: j.validUntil,
    status: hasBlocking(findings) ? ('blocked' as const) : ('published' as const),
    findings: JSON.stringify(findings),
  };
}

export async function validateJob(db: DbOrTx, j: JobInput, today: string): Promise<void> {
  const errors = await checkJobInput(db, j, today);
  if (errors.length) throw new AppError('VALIDATION', { zh: '岗位信息有误', en: 'The posting is not valid' }, errors);
}

export async function logEvent(db: DbOrTx, entityType: 'job' | 'application' | 'assistance_plan' | 'household' | 'event' | 'service_point' | 'seeker', entityId: number, action: string, actorId: number | null, details: Record<string, unknown> = {}) {
  await db.insertInto('employment_event').values({ entity_type: entityType, entity_id: entityId, action, actor_id: actorId, details: JSON.stringify(details) }).execute();
}

/** Creates a posting: screened, then published unless a finding blocks it. */
export async function createJob(db: DbOrTx, j: JobInput, o: { enterpriseId: number; source: 'enterprise' | 'staff' | 'import'; by: number | null; now: Date; today: string }): Promise<number> {
  await validateJob(db, j, o.today);
  const findings = screenJob(j);
  const row = jobRow(j, findings);
  const ins = await db
    .insertInto('job_posting')
    .values({ ...row, enterprise_id: o.enterpriseId, source: o.source, created_by: o.by, created_at: o.now, updated_at: o.now, published_at: row.status === 'published' ? o.now : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await logEvent(db, 'job', ins.id, row.status === 'published' ? 'published' : 'blocked', o.by, { findings: findings.map((f) => ({ rule: f.rule, severity: f.severity, phrase: f.phrase })) });
  return ins.id;
}

/**
 * Replaces a posting's content; it is screened again, and a fixed posting publishes. The time of
 * first publication stays, whatever follows: the vacancies indicator counts a posting once, in the
 * month it was first offered, even if a later edit is stopped by screening.
 */
export async function updateJob(db: DbOrTx, id: number, j: JobInput, o: { by: number | null; now: Date; today: string }): Promise<void> {
  await validateJob(db, j, o.today);
  const cur = await db.selectFrom('job_posting').select(['status', 'published_at']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  if (cur.status === 'closed') throw new AppError('CONFLICT', { zh: '岗位已关闭，不能修改', en: 'The posting is closed and cannot be changed' });
  const findings = screenJob(j);
  const row = jobRow(j, findings);
  await db
    .updateTable('job_posting')
    .set({ ...row, override_reason: null, override_by: null, updated_at: o.now, published_at: cur.published_at ?? (row.status === 'published' ? o.now : null) })
    .where('id', '=', id)
    .execute();
  await logEvent(db, 'job', id, row.status === 'published' ? 'updated_published' : 'updated_blocked', o.by, { findings: findings.map((f) => ({ rule: f.rule, severity: f.severity, phrase: f.phrase })) });
}

export async function overrideJob(db: DbOrTx, id: number, reason: string, o: { by: number; now: Date }): Promise<void> {
  const cur = await db.selectFrom('job_posting').select(['status', 'published_at']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  if (cur.status !== 'blocked') throw new AppError('CONFLICT', { zh: '只有未通过筛查的岗位需要人工放行', en: 'Only a posting stopped by screening can be released' });
  await db.updateTable('job_posting').set({ status: 'published', override_reason: reason, override_by: o.by, published_at: cur.published_at ?? o.now, updated_at: o.now }).where('id', '=', id).execute();
  await logEvent(db, 'job', id, 'override', o.by, { reason });
}

export async function closeJob(db: DbOrTx, id: number, o: { by: number | null; now: Date }): Promise<void> {
  const cur = await db.selectFrom('job_posting').select(['status']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  if (cur.status === 'closed') throw new AppError('CONFLICT', { zh: '岗位已关闭', en: 'The posting is already closed' });
  await db.updateTable('job_posting').set({ status: 'closed', updated_at: o.now }).where('id', '=', id).execute();
  await logEvent(db, 'job', id, 'closed', o.by);
}

// --- Shapes --------------------------------------------------------------------------------------

export type JobCard = {
  id: number;
  title: string;
  enterpriseId: number;
  enterpriseName: string;
  occupationCode: string;
  occupationName: { zh: string; en: string };
  districtCode: string;
  districtName: string;
  townshipCode: string | null;
  townshipName: string | null;
  wageMinYuan: number;
  wageMaxYuan: number;
  education: Education;
  experienceYears: number;
  headcount: number;
  weeklyHours: number;
  schedule: JobPostingTable['schedule'];
  forGraduates: boolean;
  validFrom: string;
  validUntil: string;
  publishedAt: Date | null;
};

/** The posting columns, with the names the cards need. */
export function jobSelect(db: DbOrTx) {
  return db
    .selectFrom('job_posting as j')
    .innerJoin('enterprise as e', 'e.id', 'j.enterprise_id')
    .innerJoin('division as d', 'd.code', 'j.district_code')
    .leftJoin('division as t', 't.code', 'j.township_code')
    .select([
      'j.id',
      'j.title',
      'j.enterprise_id',
      'e.name as enterprise_name',
      'j.occupation_code',
      'j.district_code',
      'd.name as district_name',
      'j.township_code',
      't.name as township_name',
      'j.wage_min_fen',
      'j.wage_max_fen',
      'j.education',
      'j.experience_years',
      'j.headcount',
      'j.weekly_hours',
      'j.schedule',
      'j.for_graduates',
      'j.valid_from',
      'j.valid_until',
      'j.published_at',
      'j.description',
      'j.skills',
      'j.status',
      'j.findings',
      'j.override_reason',
      'j.source',
      'j.created_at',
      'j.education_rank',
    ]);
}
type JobRowOut = Awaited<ReturnType<ReturnType<typeof jobSelect>['execute']>>[number];

export function toCard(r: JobRowOut): JobCard {
  const o = occupation(r.occupation_code);
  return {
    id: Number(r.id),
    title: r.title,
    enterpriseId: Number(r.enterprise_id),
    enterpriseName: r.enterprise_name,
    occupationCode: r.occupation_code,
    occupationName: { zh: o?.zh ?? r.occupation_code, en: o?.en ?? r.occupation_code },
    districtCode: r.district_code,
    districtName: r.district_name,
    townshipCode: r.township_code,
    townshipName: r.township_name,
    wageMinYuan: r.wage_min_fen / 100,
    wageMaxYuan: r.wage_max_fen / 100,
    education: r.education,
    experienceYears: r.experience_years,
    headcount: r.headcount,
    weeklyHours: r.weekly_hours,
    schedule: r.schedule,
    forGraduates: r.for_graduates,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    publishedAt: r.published_at,
  };
}

const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export async function jobDetail(db: DbOrTx, id: number) {
  const r = await jobSelect(db).where('j.id', '=', id).executeTakeFirst();
  if (!r) return null;
  const counts = await db
    .selectFrom('job_application')
    .select([sql<number>`count(*) FILTER (WHERE status <> 'withdrawn')::int`.as('applications'), sql<number>`count(*) FILTER (WHERE status = 'hired')::int`.as('hires')])
    .where('job_id', '=', id)
    .executeTakeFirstOrThrow();
  return {
    ...toCard(r),
    description: r.description,
    skills: r.skills,
    status: r.status,
    findings: parseJson<ScreeningFinding[]>(r.findings),
    overrideReason: r.override_reason,
    source: r.source,
    createdAt: r.created_at,
    applications: Number(counts.applications),
    hires: Number(counts.hires),
  };
}

export async function jobHistory(db: DbOrTx, id: number) {
  const rows = await db
    .selectFrom('employment_event as ev')
    .leftJoin('app_user as u', 'u.id', 'ev.actor_id')
    .select(['ev.action', 'ev.at', 'ev.details', 'u.display_name'])
    .where('ev.entity_type', '=', 'job')
    .where('ev.entity_id', '=', id)
    .orderBy('ev.id')
    .execute();
  return rows.map((r) => ({ action: r.action, at: r.at, actorName: r.display_name, details: parseJson<Record<string, unknown>>(r.details) }));
}
