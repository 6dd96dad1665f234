// Staff, citizen and enterprise accounts: password hashing, user creation, the demo staff set.
import argon2 from 'argon2';
import { z } from 'zod';
import type { DbOrTx } from '../../db/index.js';
import type { Role } from '../../db/schema.js';
import { CITY_CODE } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import { msg } from '../../platform/validation.js';

// OWASP's argon2id baseline (19 MiB, 2 passes): strong, and fast enough for a login burst.
const ARGON = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
let dummyHash: Promise<string> | undefined;

export const hashPassword = (password: string) => argon2.hash(password, ARGON);

/** Verifies in constant work whether or not the user exists, so timing does not reveal usernames. */
export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (!hash) {
    dummyHash ??= hashPassword('not-a-real-password');
    await argon2.verify(await dummyHash, password);
    return false;
  }
  return argon2.verify(hash, password);
}

export const PasswordSchema = z
  .string()
  .min(10, msg('密码至少10位', 'a password has at least 10 characters'))
  .max(128)
  .refine((p) => /[a-zA-Z]/.test(p) && /\d/.test(p), msg('密码须同时包含字母和数字', 'a password mixes letters and digits'));

export const NewStaffUserSchema = z.object({
  username: z.string().regex(/^[a-z][a-z0-9_.-]{2,31}$/, msg('用户名为3-32位小写字母、数字或 _ . -,以字母开头', 'a username is 3-32 lower-case letters, digits or _ . -, starting with a letter')),
  displayName: z.string().min(1).max(64),
  password: PasswordSchema,
  role: z.enum(['city_admin', 'department_officer', 'district_officer', 'township_worker', 'auditor']),
  orgCode: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, msg('机构代码应为区划代码', 'the org unit is a division code')),
  departmentCode: z.string().nullable().default(null),
});
export type NewStaffUser = z.infer<typeof NewStaffUserSchema>;

export async function createStaffUser(db: DbOrTx, input: NewStaffUser): Promise<number> {
  const u = NewStaffUserSchema.parse(input);
  const org = await db.selectFrom('division').select(['code', 'level']).where('code', '=', u.orgCode).executeTakeFirst();
  if (!org) throw new AppError('VALIDATION', { zh: `机构代码 ${u.orgCode} 不存在`, en: `No division with code ${u.orgCode}` });
  const needLevel: Partial<Record<Role, number[]>> = { city_admin: [1], department_officer: [1], auditor: [1], district_officer: [2], township_worker: [3, 4] };
  if (!needLevel[u.role]?.includes(org.level)) {
    throw new AppError('VALIDATION', { zh: '该角色与所属机构层级不符', en: `The role ${u.role} does not fit an org unit of level ${org.level}` });
  }
  if (u.role === 'department_officer' && !u.departmentCode) {
    throw new AppError('VALIDATION', { zh: '部门工作人员须指定部门', en: 'A department officer needs a department' });
  }
  if (u.departmentCode) {
    const d = await db.selectFrom('department').select('code').where('code', '=', u.departmentCode).executeTakeFirst();
    if (!d) throw new AppError('VALIDATION', { zh: `部门 ${u.departmentCode} 不存在`, en: `No department ${u.departmentCode}` });
  }
  const existing = await db.selectFrom('app_user').select('id').where('username', '=', u.username).executeTakeFirst();
  if (existing) throw new AppError('CONFLICT', { zh: `用户名 ${u.username} 已存在`, en: `The username ${u.username} is taken` });
  const row = await db
    .insertInto('app_user')
    .values({
      username: u.username,
      display_name: u.displayName,
      password_hash: await hashPassword(u.password),
      role: u.role,
      org_code: u.orgCode,
      department_code: u.departmentCode,
      person_id: null,
      enterprise_id: null,
      oidc_subject: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const DEMO_PASSWORD = 'Huimin2023!';

/** Demo staff accounts, one per role and scope, all with DEMO_PASSWORD. Idempotent. */
export const DEMO_STAFF: readonly Omit<NewStaffUser, 'password'>[] = [
  { username: 'admin', displayName: '市级管理员', role: 'city_admin', orgCode: CITY_CODE, departmentCode: 'hrss' },
  { username: 'hrss', displayName: '市人力社保局 张科长', role: 'department_officer', orgCode: CITY_CODE, departmentCode: 'hrss' },
  // A second officer of the same bureau approves the payment batches the first prepares (four eyes).
  { username: 'hrss2', displayName: '市人力社保局 赵处长', role: 'department_officer', orgCode: CITY_CODE, departmentCode: 'hrss' },
  { username: 'civil', displayName: '市民政局 李科长', role: 'department_officer', orgCode: CITY_CODE, departmentCode: 'civil_affairs' },
  // The medical-insurance bureau does the medical tasks of the one-thing bundles.
  { username: 'medical', displayName: '市医保局 钱科长', role: 'department_officer', orgCode: CITY_CODE, departmentCode: 'medical_insurance' },
  { username: 'yubei', displayName: '渝北区人力社保局 王主任', role: 'district_officer', orgCode: '500112', departmentCode: 'hrss' },
  // A second officer of the district reviews the conclusions the first proposes (审核, four eyes).
  { username: 'yubei2', displayName: '渝北区人力社保局 孙科长', role: 'district_officer', orgCode: '500112', departmentCode: 'hrss' },
  { username: 'wanzhou', displayName: '万州区人力社保局 陈主任', role: 'district_officer', orgCode: '500101', departmentCode: 'hrss' },
  { username: 'jiefangbei', displayName: '渝中区解放碑街道 刘专干', role: 'township_worker', orgCode: '500103003', departmentCode: null },
  { username: 'auditor', displayName: '市审计监督 周审计', role: 'auditor', orgCode: CITY_CODE, departmentCode: null },
];

export async function ensureDemoStaff(db: DbOrTx): Promise<number> {
  let created = 0;
  for (const u of DEMO_STAFF) {
    const exists = await db.selectFrom('app_user').select('id').where('username', '=', u.username).executeTakeFirst();
    if (exists) continue;
    await createStaffUser(db, { ...u, password: DEMO_PASSWORD });
    created++;
  }
  return created;
}

