// Every page and the guard in front of it. Pages are loaded on demand so that, for example,
// ECharts is only fetched by those who open the overview.
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router-dom';
import { FullPageSpin, homePath, isStaff, RequireAuth, useAuth } from './shared/auth';
import { AppLayout } from './shared/layout/AppLayout';
import { navItem, type NavKey } from './shared/layout/nav';
import { NotFoundResult } from './shared/results';

const LoginPage = lazy(() => import('./modules/auth/LoginPage'));
const HomePage = lazy(() => import('./modules/home/HomePage'));
const DivisionBrowser = lazy(() => import('./modules/registry/DivisionBrowser'));
const PersonSearch = lazy(() => import('./modules/registry/PersonSearch'));
const PersonDetail = lazy(() => import('./modules/registry/PersonDetail'));
const EnterpriseSearch = lazy(() => import('./modules/registry/EnterpriseSearch'));
const ImportsPage = lazy(() => import('./modules/exchange/ImportsPage'));
const AuditLogPage = lazy(() => import('./modules/audit/AuditLogPage'));
const MyProfilePage = lazy(() => import('./modules/me/MyProfilePage'));
const MyEnterprisePage = lazy(() => import('./modules/me/MyEnterprisePage'));
const PolicyListPage = lazy(() => import('./modules/rules/PolicyListPage'));
const PolicyDetailPage = lazy(() => import('./modules/rules/PolicyDetailPage'));
const PolicyEditorPage = lazy(() => import('./modules/rules/PolicyEditorPage'));
const SimulationPage = lazy(() => import('./modules/rules/SimulationPage'));
const RunsPage = lazy(() => import('./modules/rules/RunsPage'));
const RunDetailPage = lazy(() => import('./modules/rules/RunDetailPage'));
const ExplainPage = lazy(() => import('./modules/rules/ExplainPage'));
const EntitlementsPage = lazy(() => import('./modules/benefits/EntitlementsPage'));
const PaymentsPage = lazy(() => import('./modules/benefits/PaymentsPage'));
const PaymentBatchPage = lazy(() => import('./modules/benefits/PaymentBatchPage'));
const MyBenefitsPage = lazy(() => import('./modules/benefits/MyBenefitsPage'));
const MyBenefitDetailPage = lazy(() => import('./modules/benefits/MyBenefitDetailPage'));
const InboxPage = lazy(() => import('./modules/benefits/InboxPage'));
const EnterpriseBenefitsPage = lazy(() => import('./modules/benefits/EnterpriseBenefitsPage'));
const PlanDashboardPage = lazy(() => import('./modules/plan/PlanDashboardPage'));
const PlanDistrictPage = lazy(() => import('./modules/plan/PlanDistrictPage'));
const PlanDepartmentPage = lazy(() => import('./modules/plan/PlanDepartmentPage'));
const PlanLeaguePage = lazy(() => import('./modules/plan/PlanLeaguePage'));
const PlanTargetsPage = lazy(() => import('./modules/plan/PlanTargetsPage'));
const PlanQuotaPage = lazy(() => import('./modules/plan/PlanQuotaPage'));
const PlanSubmissionsPage = lazy(() => import('./modules/plan/PlanSubmissionsPage'));
const PlanSubmissionFormPage = lazy(() => import('./modules/plan/PlanSubmissionFormPage'));
const PlanSubmissionDetailPage = lazy(() => import('./modules/plan/PlanSubmissionDetailPage'));
const PlanRatingsPage = lazy(() => import('./modules/plan/PlanRatingsPage'));
const PlanSettingsPage = lazy(() => import('./modules/plan/PlanSettingsPage'));
const PublicProgressPage = lazy(() => import('./modules/plan/PublicProgressPage'));
const ReportLeadPage = lazy(() => import('./modules/cases/public/ReportLeadPage'));
const TrackCasePage = lazy(() => import('./modules/cases/public/TrackCasePage'));
const MyCasesPage = lazy(() => import('./modules/cases/public/MyCasesPage'));
const RateServicePage = lazy(() => import('./modules/plan/RateServicePage'));
const CaseInboxPage = lazy(() => import('./modules/cases/CaseInboxPage'));
const CaseDetailPage = lazy(() => import('./modules/cases/CaseDetailPage'));
const NewCasePage = lazy(() => import('./modules/cases/NewCasePage'));
const CaseBoardPage = lazy(() => import('./modules/cases/CaseBoardPage'));
const CaseStatsPage = lazy(() => import('./modules/cases/CaseStatsPage'));
const EmploymentOverviewPage = lazy(() => import('./modules/employment/EmploymentOverviewPage'));
const JobsAdminPage = lazy(() => import('./modules/employment/JobsAdminPage'));
const JobAdminDetailPage = lazy(() => import('./modules/employment/JobAdminDetailPage'));
const EventsPage = lazy(() => import('./modules/employment/EventsPage'));
const EventDetailPage = lazy(() => import('./modules/employment/EventDetailPage'));
const GraduatesPage = lazy(() => import('./modules/employment/GraduatesPage'));
const AssistancePage = lazy(() => import('./modules/employment/AssistancePage'));
const AssistanceDetailPage = lazy(() => import('./modules/employment/AssistanceDetailPage'));
const HouseholdsPage = lazy(() => import('./modules/employment/HouseholdsPage'));
const HouseholdDetailPage = lazy(() => import('./modules/employment/HouseholdDetailPage'));
const WarningsPage = lazy(() => import('./modules/employment/WarningsPage'));
const ServicePointsPage = lazy(() => import('./modules/employment/ServicePointsPage'));
const EnterpriseJobsPage = lazy(() => import('./modules/employment/portal/EnterpriseJobsPage'));
const EnterpriseJobFormPage = lazy(() => import('./modules/employment/portal/EnterpriseJobFormPage'));
const EnterpriseJobDetailPage = lazy(() => import('./modules/employment/portal/EnterpriseJobDetailPage'));
const JobsPage = lazy(() => import('./modules/employment/portal/JobsPage'));
const JobDetailPage = lazy(() => import('./modules/employment/portal/JobDetailPage'));
const JobProfilePage = lazy(() => import('./modules/employment/portal/JobProfilePage'));
const MyApplicationsPage = lazy(() => import('./modules/employment/portal/MyApplicationsPage'));
const InsuranceOverviewPage = lazy(() => import('./modules/insurance/OverviewPage'));
const GapsPage = lazy(() => import('./modules/insurance/GapsPage'));
const GapDetailPage = lazy(() => import('./modules/insurance/GapDetailPage'));
const CertificationPage = lazy(() => import('./modules/insurance/CertificationPage'));
const CertificationDetailPage = lazy(() => import('./modules/insurance/CertificationDetailPage'));
const RiskHitsPage = lazy(() => import('./modules/insurance/RiskHitsPage'));
const RiskHitDetailPage = lazy(() => import('./modules/insurance/RiskHitDetailPage'));
const InsuranceQueryPage = lazy(() => import('./modules/insurance/QueryPage'));
const FundPage = lazy(() => import('./modules/insurance/FundPage'));
const BundlesPage = lazy(() => import('./modules/insurance/BundlesPage'));
const BundleDetailPage = lazy(() => import('./modules/insurance/BundleDetailPage'));
const InsuranceRulesPage = lazy(() => import('./modules/insurance/RulesPage'));
const MyInsurancePage = lazy(() => import('./modules/insurance/portal/MyInsurancePage'));
const MyBundlesPage = lazy(() => import('./modules/insurance/portal/MyBundlesPage'));
const MyBundleDetailPage = lazy(() => import('./modules/insurance/portal/MyBundleDetailPage'));
const EnterpriseEnrolmentPage = lazy(() => import('./modules/insurance/portal/EnterpriseEnrolmentPage'));

/** A page behind the same rule as its menu item. */
function page(key: NavKey, element: ReactNode) {
  return (
    <RequireAuth when={navItem(key).allowed}>
      <Suspense fallback={<FullPageSpin />}>{element}</Suspense>
    </RequireAuth>
  );
}

/** `/` is the overview for staff; citizens and enterprises go to their own page. */
function Index() {
  const { user } = useAuth();
  if (user && !isStaff(user)) return <Navigate to={homePath(user)} replace />;
  return page('home', <HomePage />);
}

function UnknownPage() {
  const { t } = useTranslation();
  return <NotFoundResult message={t('errors.pageNotFound')} />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route
        path="/login"
        element={
          <Suspense fallback={<FullPageSpin />}>
            <LoginPage />
          </Suspense>
        }
      />
      <Route
        path="/public/:year?"
        element={
          <Suspense fallback={<FullPageSpin />}>
            <PublicProgressPage />
          </Suspense>
        }
      />
      {/* 欠薪线索: reporting and tracking without an account. */}
      <Route
        path="/report/wage-arrears"
        element={
          <Suspense fallback={<FullPageSpin />}>
            <ReportLeadPage />
          </Suspense>
        }
      />
      <Route
        path="/track/:code?"
        element={
          <Suspense fallback={<FullPageSpin />}>
            <TrackCasePage />
          </Suspense>
        }
      />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<Index />} />
        <Route path="divisions/:code?" element={page('divisions', <DivisionBrowser />)} />
        <Route path="persons" element={page('persons', <PersonSearch />)} />
        <Route path="persons/:id" element={page('persons', <PersonDetail />)} />
        <Route path="enterprises" element={page('enterprises', <EnterpriseSearch />)} />
        <Route path="policies" element={page('policies', <PolicyListPage />)} />
        <Route path="policies/new" element={page('policies', <PolicyEditorPage />)} />
        <Route path="policies/:id" element={page('policies', <PolicyDetailPage />)} />
        <Route path="policies/:id/edit" element={page('policies', <PolicyEditorPage />)} />
        <Route path="policies/:id/simulations/:simulationId?" element={page('policies', <SimulationPage />)} />
        <Route path="runs" element={page('runs', <RunsPage />)} />
        <Route path="runs/:id" element={page('runs', <RunDetailPage />)} />
        <Route path="explain/:entity/:id" element={page('runs', <ExplainPage />)} />
        <Route path="entitlements" element={page('entitlements', <EntitlementsPage />)} />
        <Route path="payments" element={page('payments', <PaymentsPage />)} />
        <Route path="payments/:id" element={page('payments', <PaymentBatchPage />)} />
        <Route path="imports" element={page('imports', <ImportsPage />)} />
        <Route path="audit" element={page('audit', <AuditLogPage />)} />
        <Route path="plan" element={page('plan', <PlanDashboardPage />)} />
        <Route path="plan/districts/:code?" element={page('plan', <PlanDistrictPage />)} />
        <Route path="plan/departments/:code?" element={page('plan', <PlanDepartmentPage />)} />
        <Route path="plan/league" element={page('planLeague', <PlanLeaguePage />)} />
        <Route path="plan/targets" element={page('planTargets', <PlanTargetsPage />)} />
        <Route path="plan/quotas/:target" element={page('planTargets', <PlanQuotaPage />)} />
        <Route path="plan/submissions" element={page('planSubmissions', <PlanSubmissionsPage />)} />
        <Route path="plan/submissions/new" element={page('planSubmissions', <PlanSubmissionFormPage />)} />
        <Route path="plan/submissions/:id" element={page('planSubmissions', <PlanSubmissionDetailPage />)} />
        <Route path="plan/supervision" element={<Navigate to="/cases?kind=supervision_task" replace />} />
        <Route path="plan/ratings" element={page('planRatings', <PlanRatingsPage />)} />
        <Route path="plan/settings" element={page('planSettings', <PlanSettingsPage />)} />
        <Route path="cases" element={page('cases', <CaseInboxPage />)} />
        <Route path="cases/new" element={page('caseNew', <NewCasePage />)} />
        <Route path="cases/board" element={page('caseBoard', <CaseBoardPage />)} />
        <Route path="cases/stats" element={page('caseStats', <CaseStatsPage />)} />
        <Route path="cases/:id" element={page('cases', <CaseDetailPage />)} />
        <Route path="employment" element={page('employment', <EmploymentOverviewPage />)} />
        <Route path="employment/jobs" element={page('employmentJobs', <JobsAdminPage />)} />
        <Route path="employment/jobs/:id" element={page('employmentJobs', <JobAdminDetailPage />)} />
        <Route path="employment/events" element={page('employmentEvents', <EventsPage />)} />
        <Route path="employment/events/:id" element={page('employmentEvents', <EventDetailPage />)} />
        <Route path="employment/graduates" element={page('employmentGraduates', <GraduatesPage />)} />
        <Route path="employment/assistance" element={page('employmentAssistance', <AssistancePage />)} />
        <Route path="employment/assistance/:id" element={page('employmentAssistance', <AssistanceDetailPage />)} />
        <Route path="employment/households" element={page('employmentHouseholds', <HouseholdsPage />)} />
        <Route path="employment/households/:id" element={page('employmentHouseholds', <HouseholdDetailPage />)} />
        <Route path="employment/warnings" element={page('employmentWarnings', <WarningsPage />)} />
        <Route path="employment/service-points" element={page('employmentServicePoints', <ServicePointsPage />)} />
        <Route path="insurance" element={page('insurance', <InsuranceOverviewPage />)} />
        <Route path="insurance/gaps" element={page('insuranceGaps', <GapsPage />)} />
        <Route path="insurance/gaps/:id" element={page('insuranceGaps', <GapDetailPage />)} />
        <Route path="insurance/certification" element={page('insuranceCertification', <CertificationPage />)} />
        <Route path="insurance/certification/:personId" element={page('insuranceCertification', <CertificationDetailPage />)} />
        <Route path="insurance/risk-hits" element={page('insuranceRiskHits', <RiskHitsPage />)} />
        <Route path="insurance/risk-hits/:id" element={page('insuranceRiskHits', <RiskHitDetailPage />)} />
        <Route path="insurance/query" element={page('insuranceQuery', <InsuranceQueryPage />)} />
        <Route path="insurance/fund" element={page('insuranceFund', <FundPage />)} />
        <Route path="insurance/bundles" element={page('insuranceBundles', <BundlesPage />)} />
        <Route path="insurance/bundles/:id" element={page('insuranceBundles', <BundleDetailPage />)} />
        <Route path="insurance/rules" element={page('insuranceRules', <InsuranceRulesPage />)} />
        <Route path="me" element={page('me', <MyProfilePage />)} />
        <Route path="me/enterprise" element={page('myEnterprise', <MyEnterprisePage />)} />
        <Route path="me/benefits" element={page('myBenefits', <MyBenefitsPage />)} />
        <Route path="me/benefits/:id" element={page('myBenefits', <MyBenefitDetailPage />)} />
        <Route path="me/enterprise/benefits" element={page('enterpriseBenefits', <EnterpriseBenefitsPage />)} />
        <Route path="me/enterprise/benefits/:id" element={page('enterpriseBenefits', <MyBenefitDetailPage />)} />
        <Route path="me/inbox" element={page('inbox', <InboxPage />)} />
        <Route path="me/ratings" element={page('rateService', <RateServicePage />)} />
        <Route path="me/cases" element={page('myCases', <MyCasesPage />)} />
        <Route path="me/cases/new" element={page('myCases', <MyCasesPage report />)} />
        <Route path="me/enterprise/jobs" element={page('enterpriseJobs', <EnterpriseJobsPage />)} />
        <Route path="me/enterprise/jobs/new" element={page('enterpriseJobs', <EnterpriseJobFormPage />)} />
        <Route path="me/enterprise/jobs/:id/edit" element={page('enterpriseJobs', <EnterpriseJobFormPage />)} />
        <Route path="me/enterprise/jobs/:id" element={page('enterpriseJobs', <EnterpriseJobDetailPage />)} />
        <Route path="me/jobs" element={page('myJobs', <JobsPage />)} />
        <Route path="me/jobs/:id" element={page('myJobs', <JobDetailPage />)} />
        <Route path="me/job-profile" element={page('myJobProfile', <JobProfilePage />)} />
        <Route path="me/applications" element={page('myApplications', <MyApplicationsPage />)} />
        <Route path="me/insurance" element={page('myInsurance', <MyInsurancePage />)} />
        <Route path="me/bundles" element={page('myBundles', <MyBundlesPage />)} />
        <Route path="me/bundles/:id" element={page('myBundles', <MyBundleDetailPage />)} />
        <Route path="me/enterprise/enrolment" element={page('enterpriseEnrolment', <EnterpriseEnrolmentPage />)} />
        <Route path="*" element={<UnknownPage />} />
      </Route>
    </Routes>
  );
}
