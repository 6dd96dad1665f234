// The pages a user can reach, with the permission each needs. The menu and the route guards both
// read this list, so a menu item exists exactly when its page exists and the user may open it.
import {
  AccountBookOutlined,
  AimOutlined,
  ApartmentOutlined,
  AlertOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BellOutlined,
  CalendarOutlined,
  CloudUploadOutlined,
  ContainerOutlined,
  EditOutlined,
  FlagOutlined,
  FundOutlined,
  DashboardOutlined,
  ExperimentOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FormOutlined,
  GiftOutlined,
  HomeOutlined,
  IdcardOutlined,
  InsuranceOutlined,
  LikeOutlined,
  NotificationOutlined,
  ProfileOutlined,
  ReadOutlined,
  PayCircleOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  SettingOutlined,
  ShopOutlined,
  SendOutlined,
  SolutionOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  TrophyOutlined,
  UnorderedListOutlined,
  UserAddOutlined,
  UserOutlined,
  UsergroupAddOutlined,
  StarOutlined,
  EnvironmentOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { InsurancePermission } from '../../modules/insurance/types';
import type { User } from '../types';

export type NavKey =
  | 'home'
  | 'divisions'
  | 'persons'
  | 'enterprises'
  | 'policies'
  | 'runs'
  | 'entitlements'
  | 'payments'
  | 'imports'
  | 'audit'
  | 'me'
  | 'myBenefits'
  | 'inbox'
  | 'rateService'
  | 'myCases'
  | 'myEnterprise'
  | 'enterpriseBenefits'
  | 'plan'
  | 'planLeague'
  | 'planTargets'
  | 'planSubmissions'
  | 'planSupervision'
  | 'planRatings'
  | 'planSettings'
  | 'cases'
  | 'caseNew'
  | 'caseBoard'
  | 'caseStats'
  | 'employment'
  | 'employmentJobs'
  | 'employmentEvents'
  | 'employmentGraduates'
  | 'employmentAssistance'
  | 'employmentHouseholds'
  | 'employmentWarnings'
  | 'employmentServicePoints'
  | 'enterpriseJobs'
  | 'myJobs'
  | 'myJobProfile'
  | 'myApplications'
  | 'insurance'
  | 'insuranceGaps'
  | 'insuranceCertification'
  | 'insuranceRiskHits'
  | 'insuranceQuery'
  | 'insuranceFund'
  | 'insuranceBundles'
  | 'insuranceRules'
  | 'myInsurance'
  | 'myBundles'
  | 'enterpriseEnrolment';

/** A submenu of the staff menu: 民生报表 (the plan tracker), 就业服务 (employment services) and 社保 (social insurance). */
export type NavGroup = 'plan' | 'employment' | 'insurance';
export const NAV_GROUP_ICONS: Record<NavGroup, ReactNode> = { plan: <BarChartOutlined />, employment: <TeamOutlined />, insurance: <InsuranceOutlined /> };

export type NavItem = {
  key: NavKey;
  path: string;
  icon: ReactNode;
  allowed: (u: User) => boolean;
  /** Extra path prefixes that highlight this item (detail pages). */
  matches: RegExp;
  /** The staff submenu the item belongs to (plan: 民生报表, employment: 就业服务, insurance: 社保). */
  group?: NavGroup;
};

const has = (u: User, p: User['permissions'][number]) => u.permissions.includes(p);
/** The insurance permissions are not in the shared Permission type yet; the server sends them all the same. */
const hasIns = (u: User, p: InsurancePermission) => u.permissions.includes(p);

export const STAFF_NAV: readonly NavItem[] = [
  { key: 'home', path: '/', icon: <DashboardOutlined />, allowed: (u) => has(u, 'division.read'), matches: /^\/$/ },
  { key: 'divisions', path: '/divisions', icon: <ApartmentOutlined />, allowed: (u) => has(u, 'division.read'), matches: /^\/divisions(\/|$)/ },
  { key: 'persons', path: '/persons', icon: <IdcardOutlined />, allowed: (u) => has(u, 'person.read'), matches: /^\/persons(\/|$)/ },
  { key: 'enterprises', path: '/enterprises', icon: <BankOutlined />, allowed: (u) => has(u, 'enterprise.read'), matches: /^\/enterprises(\/|$)/ },
  { key: 'policies', path: '/policies', icon: <FileProtectOutlined />, allowed: (u) => has(u, 'policy.read'), matches: /^\/policies(\/|$)/ },
  { key: 'runs', path: '/runs', icon: <ThunderboltOutlined />, allowed: (u) => has(u, 'policy.read'), matches: /^\/(runs|explain)(\/|$)/ },
  { key: 'entitlements', path: '/entitlements', icon: <SolutionOutlined />, allowed: (u) => has(u, 'entitlement.read'), matches: /^\/entitlements(\/|$)/ },
  { key: 'payments', path: '/payments', icon: <PayCircleOutlined />, allowed: (u) => has(u, 'payment.read'), matches: /^\/payments(\/|$)/ },
  { key: 'imports', path: '/imports', icon: <CloudUploadOutlined />, allowed: (u) => has(u, 'import.read'), matches: /^\/imports(\/|$)/ },
  { key: 'audit', path: '/audit', icon: <AuditOutlined />, allowed: (u) => has(u, 'audit.read'), matches: /^\/audit(\/|$)/ },
  // 民生报表: every staff role reads the plan tracker.
  { key: 'plan', group: 'plan', path: '/plan', icon: <BarChartOutlined />, allowed: (u) => has(u, 'plan.read'), matches: /^\/plan(\/(districts|departments)(\/|$)|\/?$)/ },
  { key: 'planLeague', group: 'plan', path: '/plan/league', icon: <TrophyOutlined />, allowed: (u) => has(u, 'plan.read'), matches: /^\/plan\/league(\/|$)/ },
  { key: 'planTargets', group: 'plan', path: '/plan/targets', icon: <UnorderedListOutlined />, allowed: (u) => has(u, 'plan.read'), matches: /^\/plan\/(targets|quotas)(\/|$)/ },
  { key: 'planSubmissions', group: 'plan', path: '/plan/submissions', icon: <FormOutlined />, allowed: (u) => has(u, 'plan.read'), matches: /^\/plan\/submissions(\/|$)/ },
  // Supervision tasks are cases (kind supervision_task): the item opens the case inbox on them.
  { key: 'planSupervision', group: 'plan', path: '/cases?kind=supervision_task', icon: <AlertOutlined />, allowed: (u) => has(u, 'case.read'), matches: /^\/plan\/supervision(\/|$)/ },
  { key: 'planRatings', group: 'plan', path: '/plan/ratings', icon: <LikeOutlined />, allowed: (u) => has(u, 'plan.read'), matches: /^\/plan\/ratings(\/|$)/ },
  // Thresholds, league weights and deadlines: the city administrator only.
  { key: 'planSettings', group: 'plan', path: '/plan/settings', icon: <SettingOutlined />, allowed: (u) => has(u, 'plan.admin'), matches: /^\/plan\/settings(\/|$)/ },
  // 事项办理: cases are read by every staff role in their jurisdiction; opening one needs case.handle.
  { key: 'cases', path: '/cases', icon: <ContainerOutlined />, allowed: (u) => has(u, 'case.read'), matches: /^\/cases(\/\d+)?\/?$/ },
  { key: 'caseNew', path: '/cases/new', icon: <EditOutlined />, allowed: (u) => has(u, 'case.handle'), matches: /^\/cases\/new$/ },
  { key: 'caseBoard', path: '/cases/board', icon: <FlagOutlined />, allowed: (u) => has(u, 'case.read'), matches: /^\/cases\/board$/ },
  { key: 'caseStats', path: '/cases/stats', icon: <FundOutlined />, allowed: (u) => has(u, 'case.read'), matches: /^\/cases\/stats$/ },
  // 就业服务: read by every staff role in their area; acting on a page needs employment.handle.
  { key: 'employment', group: 'employment', path: '/employment', icon: <DashboardOutlined />, allowed: (u) => has(u, 'employment.read'), matches: /^\/employment\/?$/ },
  { key: 'employmentJobs', group: 'employment', path: '/employment/jobs', icon: <ProfileOutlined />, allowed: (u) => has(u, 'employment.read'), matches: /^\/employment\/jobs(\/|$)/ },
  { key: 'employmentEvents', group: 'employment', path: '/employment/events', icon: <CalendarOutlined />, allowed: (u) => has(u, 'employment.read'), matches: /^\/employment\/events(\/|$)/ },
  { key: 'employmentGraduates', group: 'employment', path: '/employment/graduates', icon: <ReadOutlined />, allowed: (u) => has(u, 'employment.read'), matches: /^\/employment\/graduates(\/|$)/ },
  { key: 'employmentAssistance', group: 'employment', path: '/employment/assistance', icon: <AimOutlined />, allowed: (u) => has(u, 'employment.read'), matches: /^\/employment\/assistance(\/|$)/ },
  { key: 'employmentHouseholds', group: 'employment', path: '/employment/households', icon: <HomeOutlined />, allowed: (u) => has(u, 'employment.read'), matches: /^\/employment\/households(\/|$)/ },
  { key: 'employmentWarnings', group: 'employment', path: '/employment/warnings', icon: <WarningOutlined />, allowed: (u) => has(u, 'employment.read'), matches: /^\/employment\/warnings(\/|$)/ },
  { key: 'employmentServicePoints', group: 'employment', path: '/employment/service-points', icon: <EnvironmentOutlined />, allowed: (u) => has(u, 'employment.read'), matches: /^\/employment\/service-points(\/|$)/ },
  // 社保 (渝保渝快): read by every staff role in their area; risk hits from district level up (the server refuses township workers).
  { key: 'insurance', group: 'insurance', path: '/insurance', icon: <DashboardOutlined />, allowed: (u) => hasIns(u, 'insurance.read'), matches: /^\/insurance\/?$/ },
  { key: 'insuranceGaps', group: 'insurance', path: '/insurance/gaps', icon: <UsergroupAddOutlined />, allowed: (u) => hasIns(u, 'insurance.read'), matches: /^\/insurance\/gaps(\/|$)/ },
  { key: 'insuranceCertification', group: 'insurance', path: '/insurance/certification', icon: <SafetyCertificateOutlined />, allowed: (u) => hasIns(u, 'insurance.read'), matches: /^\/insurance\/certification(\/|$)/ },
  { key: 'insuranceRiskHits', group: 'insurance', path: '/insurance/risk-hits', icon: <AlertOutlined />, allowed: (u) => hasIns(u, 'insurance.read') && u.role !== 'township_worker', matches: /^\/insurance\/risk-hits(\/|$)/ },
  { key: 'insuranceQuery', group: 'insurance', path: '/insurance/query', icon: <FileSearchOutlined />, allowed: (u) => hasIns(u, 'insurance.query'), matches: /^\/insurance\/query(\/|$)/ },
  { key: 'insuranceFund', group: 'insurance', path: '/insurance/fund', icon: <AccountBookOutlined />, allowed: (u) => hasIns(u, 'insurance.read'), matches: /^\/insurance\/fund(\/|$)/ },
  { key: 'insuranceBundles', group: 'insurance', path: '/insurance/bundles', icon: <AppstoreOutlined />, allowed: (u) => hasIns(u, 'insurance.read'), matches: /^\/insurance\/bundles(\/|$)/ },
  { key: 'insuranceRules', group: 'insurance', path: '/insurance/rules', icon: <ExperimentOutlined />, allowed: (u) => hasIns(u, 'insurance.read'), matches: /^\/insurance\/rules(\/|$)/ },
];

export const SELF_NAV: readonly NavItem[] = [
  { key: 'me', path: '/me', icon: <UserOutlined />, allowed: (u) => has(u, 'self.read') && u.role === 'citizen' && u.personId !== null, matches: /^\/me$/ },
  {
    key: 'myBenefits',
    path: '/me/benefits',
    icon: <GiftOutlined />,
    allowed: (u) => has(u, 'self.read') && u.role === 'citizen' && u.personId !== null,
    matches: /^\/me\/benefits(\/|$)/,
  },
  // 我的社保: a resident's enrolment, benefits, certification and retirement.
  { key: 'myInsurance', path: '/me/insurance', icon: <SafetyOutlined />, allowed: (u) => hasIns(u, 'bundle.apply') && u.role === 'citizen' && u.personId !== null, matches: /^\/me\/insurance$/ },
  {
    key: 'myEnterprise',
    path: '/me/enterprise',
    icon: <ShopOutlined />,
    allowed: (u) => has(u, 'self.read') && u.role === 'enterprise' && u.enterpriseId !== null,
    matches: /^\/me\/enterprise$/,
  },
  {
    key: 'enterpriseBenefits',
    path: '/me/enterprise/benefits',
    icon: <GiftOutlined />,
    allowed: (u) => has(u, 'self.read') && u.role === 'enterprise' && u.enterpriseId !== null,
    matches: /^\/me\/enterprise\/benefits(\/|$)/,
  },
  // 招聘岗位: an enterprise's own postings.
  {
    key: 'enterpriseJobs',
    path: '/me/enterprise/jobs',
    icon: <SolutionOutlined />,
    allowed: (u) => has(u, 'job.post') && u.role === 'enterprise' && u.enterpriseId !== null,
    matches: /^\/me\/enterprise\/jobs(\/|$)/,
  },
  // 参保登记: an enterprise enrols its new employees (the 一件事 of enrolment).
  {
    key: 'enterpriseEnrolment',
    path: '/me/enterprise/enrolment',
    icon: <UserAddOutlined />,
    allowed: (u) => hasIns(u, 'bundle.apply') && u.role === 'enterprise' && u.enterpriseId !== null,
    matches: /^\/me\/enterprise\/enrolment$/,
  },
  // 我的办件: the one-thing applications of a resident (retirement) or an enterprise (enrolment).
  {
    key: 'myBundles',
    path: '/me/bundles',
    icon: <ProfileOutlined />,
    allowed: (u) => hasIns(u, 'bundle.apply') && ((u.role === 'citizen' && u.personId !== null) || (u.role === 'enterprise' && u.enterpriseId !== null)),
    matches: /^\/me\/bundles(\/|$)/,
  },
  // 找工作, 求职意向, 我的申请: a resident looking for work.
  { key: 'myJobs', path: '/me/jobs', icon: <FileSearchOutlined />, allowed: (u) => has(u, 'job.apply') && u.role === 'citizen' && u.personId !== null, matches: /^\/me\/jobs(\/|$)/ },
  { key: 'myJobProfile', path: '/me/job-profile', icon: <IdcardOutlined />, allowed: (u) => has(u, 'job.apply') && u.role === 'citizen' && u.personId !== null, matches: /^\/me\/job-profile$/ },
  { key: 'myApplications', path: '/me/applications', icon: <SendOutlined />, allowed: (u) => has(u, 'job.apply') && u.role === 'citizen' && u.personId !== null, matches: /^\/me\/applications(\/|$)/ },
  { key: 'inbox', path: '/me/inbox', icon: <BellOutlined />, allowed: (u) => has(u, 'self.read') && (u.personId !== null || u.enterpriseId !== null), matches: /^\/me\/inbox$/ },
  { key: 'rateService', path: '/me/ratings', icon: <StarOutlined />, allowed: (u) => has(u, 'rating.write') && (u.personId !== null || u.enterpriseId !== null), matches: /^\/me\/ratings$/ },
  // 我的反映: a resident's own reports (欠薪线索 and other public kinds); the public form needs no account.
  { key: 'myCases', path: '/me/cases', icon: <NotificationOutlined />, allowed: (u) => has(u, 'case.report') && u.personId !== null, matches: /^\/me\/cases(\/|$)/ },
];

export const navItem = (key: NavKey): NavItem => [...STAFF_NAV, ...SELF_NAV].find((i) => i.key === key)!;
