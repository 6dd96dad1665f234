// Recruitment events (招聘活动): online sessions, live-streamed fairs, campus and on-site fairs, and
// the campaigns (老兵招聘月, 春风行动). An event has its postings; the attending enterprises are the
// postings' enterprises; applications made through it and their hires are counted from applications.
import { sql } from 'kysely';
import { z } from 'zod';
import type { DbOrTx } from '../../db/index.js';
import type { RecruitmentEventKind } from '../../db/schema.js';
import { AppError } from '../../platform/errors.js';
import { msg } from '../../platform/validation.js';
import { DateText } from './dates.js';
import { logEvent } from './jobs.js';

export const EVENT_KINDS = ['online', 'livestream', 'campus', 'onsite', 'veterans_month', 'spring_breeze'] as const satisfies readonly RecruitmentEventKind[];
export const EventInput = z.object({
  kind: z.enum(EVENT_KINDS),
  title: z.string().trim().min(2).max(100),
  districtCode: z.string().regex(/^50\d{4}$/, msg('须为本市区县代码', 'a Chongqing district code')),
  forGraduates: z.boolean().default(false),
  startsOn: DateText,
  endsOn: DateText,
  venue: z.string().trim().max(200).optional(),
  jobIds: z.array(z.number().int().positive()).max(500).default([]),
});

async function checkJobs(db: DbOrTx, jobIds: number[]) {
  if (!jobIds.length) return;
  const found = await db.selectFrom('job_posting').select(['id', 'status']).where('id', 'in', jobIds).execute();
  const bad = jobIds.filter((id) => found.find((f) => Number(f.id) === id)?.status !== 'published');
  if (bad.length)
    throw new AppError('VALIDATION', { zh: '只能加入已发布的岗位', en: 'Only published postings can join an event' }, bad.map((id) => ({ path: 'jobIds', message: `岗位 ${id} 不存在或未发布`, messageEn: `posting ${id} does not exist or is not published` })));
}

export async function createEvent(db: DbOrTx, e: z.infer<typeof EventInput>, o: { by: number; now: Date }): Promise<number> {
  const errors = [];
  if (e.endsOn < e.startsOn) errors.push({ path: 'endsOn', message: '结束日期早于开始日期', messageEn: 'ends before it starts' });
  const d = await db.selectFrom('division').select('level').where('code', '=', e.districtCode).executeTakeFirst();
  if (d?.level !== 2) errors.push({ path: 'districtCode', message: '不是本市的区县', messageEn: 'not a district of Chongqing' });
  if (errors.length) throw new AppError('VALIDATION', { zh: '活动信息有误', en: 'The event is not valid' }, errors);
  await checkJobs(db, e.jobIds);
  const r = await db
    .insertInto('recruitment_event')
    .values({ kind: e.kind, title: e.title, district_code: e.districtCode, for_graduates: e.forGraduates, starts_on: e.startsOn, ends_on: e.endsOn, venue: e.venue ?? null, created_by: o.by, created_at: o.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await addJobs(db, r.id, e.jobIds);
  await logEvent(db, 'event', r.id, 'created', o.by, { jobs: e.jobIds.length });
  return r.id;
}

export async function addJobs(db: DbOrTx, eventId: number, jobIds: number[]): Promise<void> {
  if (!jobIds.length) return;
  await checkJobs(db, jobIds);
  await db
    .insertInto('recruitment_event_job')
    .values(jobIds.map((job_id) => ({ event_id: eventId, job_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  await sql`INSERT INTO recruitment_event_enterprise (event_id, enterprise_id)
    SELECT DISTINCT ${eventId}::bigint, enterprise_id FROM job_posting WHERE id IN (${sql.join(jobIds)}) ON CONFLICT DO NOTHING`.execute(db);
}

/** The list rows, with their counts. */
export function eventRows(db: DbOrTx) {
  return db
    .selectFrom('recruitment_event as ev')
    .innerJoin('division as d', 'd.code', 'ev.district_code')
    .select([
      'ev.id',
      'ev.kind',
      'ev.title',
      'ev.district_code',
      'd.name as district_name',
      'ev.for_graduates',
      'ev.starts_on',
      'ev.ends_on',
      'ev.venue',
      'ev.visits',
      sql<number>`(SELECT count(*) FROM recruitment_event_enterprise x WHERE x.event_id = ev.id)::int`.as('enterprises'),
      sql<number>`(SELECT count(*) FROM recruitment_event_job x WHERE x.event_id = ev.id)::int`.as('jobs'),
      sql<number>`(SELECT coalesce(sum(j.headcount), 0) FROM recruitment_event_job x JOIN job_posting j ON j.id = x.job_id WHERE x.event_id = ev.id)::int`.as('vacancies'),
      sql<number>`(SELECT count(*) FROM job_application a WHERE a.event_id = ev.id AND a.status <> 'withdrawn')::int`.as('applications'),
      sql<number>`(SELECT count(*) FROM job_application a WHERE a.event_id = ev.id AND a.status = 'hired')::int`.as('hires'),
    ]);
}
export type EventRow = Awaited<ReturnType<ReturnType<typeof eventRows>['execute']>>[number];
export const toEvent = (r: EventRow) => ({
  id: Number(r.id),
  kind: r.kind,
  title: r.title,
  districtCode: r.district_code,
  districtName: r.district_name,
  forGraduates: r.for_graduates,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  venue: r.venue,
  visits: Number(r.visits),
  enterprises: Number(r.enterprises),
  jobs: Number(r.jobs),
  vacancies: Number(r.vacancies),
  applications: Number(r.applications),
  hires: Number(r.hires),
});
