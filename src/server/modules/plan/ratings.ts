// Public reputation (群众口碑): citizens and enterprises rate the services of their district and what
// was done for them (a benefit paid; cases when the case engine lands). Ratings aggregate per district
// and department; no score is shown below a minimum sample.
import { isUniqueViolation, type Db, type DbOrTx } from '../../db/index.js';
import type { Principal } from '../../platform/access.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, forbidden } from '../../platform/errors.js';
import type { Text } from './progress.js';
import { ratingMeans } from './tracker.js';

/** Services anyone in a district can rate, by the department that runs them. */
export const SERVICES: { code: string; department: string; name: Text; forEnterprise: boolean }[] = [
  { code: 'employment_service', department: 'hrss', name: { zh: '就业服务（求职登记、职业指导、招聘会）', en: 'Employment services (job search, guidance, job fairs)' }, forEnterprise: true },
  { code: 'social_insurance_service', department: 'hrss', name: { zh: '社保经办（参保、缴费、待遇领取）', en: 'Social insurance (enrolment, contributions, benefits)' }, forEnterprise: true },
  { code: 'medical_insurance_service', department: 'medical_insurance', name: { zh: '医保经办（参保、报销）', en: 'Medical insurance (enrolment, reimbursement)' }, forEnterprise: false },
  { code: 'social_assistance_service', department: 'civil_affairs', name: { zh: '社会救助（低保、特困、临时救助）', en: 'Social assistance (dibao, extreme poverty, temporary aid)' }, forEnterprise: false },
  { code: 'housing_service', department: 'housing', name: { zh: '住房保障（公租房、保障性租赁住房）', en: 'Housing security (public and affordable rental housing)' }, forEnterprise: false },
  { code: 'elderly_care_service', department: 'civil_affairs', name: { zh: '养老服务（社区养老、老年食堂）', en: 'Elderly care (community care, canteens)' }, forEnterprise: false },
  { code: 'labour_relations_service', department: 'hrss', name: { zh: '劳动关系（调解、仲裁、欠薪投诉）', en: 'Labour relations (mediation, arbitration, wage arrears)' }, forEnterprise: true },
];

type Subject = { subjectKind: 'service' | 'entitlement'; subjectRef: string; subjectName: Text; districtCode: string; departmentCode: string };

/** What the caller may rate: the services of their district and their benefits that were paid. */
export async function rateableFor(db: DbOrTx, p: Principal): Promise<Subject[]> {
  const home =
    p.personId !== null
      ? await db.selectFrom('person').select('district_code').where('id', '=', p.personId).executeTakeFirst()
      : p.enterpriseId !== null
        ? await db.selectFrom('enterprise').select('district_code').where('id', '=', p.enterpriseId).executeTakeFirst()
        : undefined;
  if (!home) return [];
  const services: Subject[] = SERVICES.filter((s) => p.enterpriseId === null || s.forEnterprise).map((s) => ({ subjectKind: 'service', subjectRef: `${s.code}:${home.district_code}`, subjectName: s.name, districtCode: home.district_code, departmentCode: s.department }));
  let q = db
    .selectFrom('entitlement as e')
    .innerJoin('policy as pol', 'pol.id', 'e.policy_id')
    .innerJoin('policy_version as v', 'v.id', 'e.policy_version_id')
    .select(['e.id', 'e.district_code', 'pol.department_code', 'v.name_zh', 'v.name_en', 'e.period'])
    .where('e.status', '=', 'paid');
  q = p.personId !== null ? q.where('e.person_id', '=', p.personId).where('e.entity_type', 'in', ['person', 'household']) : q.where('e.enterprise_id', '=', p.enterpriseId!).where('e.entity_type', 'in', ['enterprise', 'employment']);
  const paid = await q.orderBy('e.id', 'desc').limit(50).execute();
  return [
    ...services,
    ...paid.map((e) => ({ subjectKind: 'entitlement' as const, subjectRef: String(e.id), subjectName: { zh: `${e.name_zh}（${e.period}）`, en: `${e.name_en} (${e.period})` }, districtCode: e.district_code, departmentCode: e.department_code })),
  ];
}

export async function myRatings(db: DbOrTx, p: Principal) {
  const rateable = await rateableFor(db, p);
  const rows = await db.selectFrom('public_rating').selectAll().where('rater_user_id', '=', p.userId).orderBy('id', 'desc').execute();
  const name = (kind: string, ref: string) => rateable.find((r) => r.subjectKind === kind && r.subjectRef === ref)?.subjectName ?? { zh: ref, en: ref };
  const done = new Set(rows.map((r) => `${r.subject_kind}:${r.subject_ref}`));
  return {
    ratings: rows.map((r) => ({ id: Number(r.id), subjectKind: r.subject_kind, subjectRef: r.subject_ref, subjectName: name(r.subject_kind, r.subject_ref), score: r.score, satisfaction: r.satisfaction, comment: r.comment, createdAt: new Date(r.created_at).toISOString() })),
    rateable: rateable.filter((r) => !done.has(`${r.subjectKind}:${r.subjectRef}`)),
  };
}

export async function rate(db: Db, p: Principal, body: { subjectKind: 'service' | 'entitlement' | 'case'; subjectRef: string; score: number; satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied'; comment?: string }, clock: Clock): Promise<number> {
  if (p.role !== 'citizen' && p.role !== 'enterprise') throw forbidden();
  const subject = (await rateableFor(db, p)).find((s) => s.subjectKind === body.subjectKind && s.subjectRef === body.subjectRef);
  if (!subject) throw new AppError('VALIDATION', { zh: '只能评价本人所在区县的服务或本人已领取的待遇', en: 'You can rate the services of your district and benefits paid to you' }, [{ path: 'subjectRef', message: '不可评价的对象', messageEn: 'not something you can rate' }]);
  try {
    const r = await db
      .insertInto('public_rating')
      .values({ subject_kind: subject.subjectKind, subject_ref: subject.subjectRef, district_code: subject.districtCode, department_code: subject.departmentCode, score: body.score, satisfaction: body.satisfaction, comment: body.comment?.trim() || null, rater_user_id: p.userId, rater_person_id: p.personId, created_at: clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('CONFLICT', { zh: '您已评价过该项', en: 'You have already rated this' });
    throw e;
  }
}

export async function ratingSummary(db: DbOrTx, by: 'district' | 'department', minSample: number) {
  const col = by === 'district' ? 'district_code' : 'department_code';
  const byCode = await ratingMeans(db, col);
  const units =
    by === 'district'
      ? (await db.selectFrom('division').select(['code', 'name']).where('level', '=', 2).orderBy('code').execute()).map((d) => ({ code: d.code, name: { zh: d.name, en: d.name } }))
      : (await db.selectFrom('department').select(['code', 'name_zh', 'name_en', 'short_zh']).orderBy('code').execute()).map((d) => ({ code: d.code, name: { zh: d.short_zh ?? d.name_zh, en: d.name_en } }));
  return {
    by,
    minSample,
    rows: units
      .map((u) => {
        const r = byCode.get(u.code);
        const n = r ? Number(r.n) : 0;
        const shown = n >= minSample;
        return { code: u.code, name: u.name, n, mean: shown && r!.mean !== null ? Math.round(r!.mean * 100) / 100 : null, satisfiedShare: shown ? r!.satisfied / n : null, shown };
      })
      .filter((r) => by === 'district' || r.n > 0),
  };
}
