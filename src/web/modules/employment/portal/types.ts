// Shapes of the citizen and enterprise job API (docs/employment.md: Reference, Shapes, Enterprise,
// Citizen). The shapes the staff pages share (a posting, a finding, a match) are the module's own,
// in ../types.ts; this file adds the requests and answers only these pages use.
import type { Application, Education, HistoryEntry, JobCard, JobDetail, JobInput, ScoreReason, SeekerCategory } from '../types';

export type {
  Application,
  ApplicationStatus,
  Education,
  EmploymentReference,
  Finding,
  HistoryEntry,
  JobCard,
  JobDetail,
  JobInput,
  JobStatus,
  Occupation,
  Schedule,
  ScoreFactor,
  ScoreReason,
  SeekerCategory,
  SeekerMatch,
  Severity,
} from '../types';
export { EDUCATIONS, MAX_VALIDITY_DAYS, MINIMUM_MONTHLY_WAGE_YUAN, SCHEDULES } from '../types';

// --- Enterprise -----------------------------------------------------------------------------------

/** GET /api/me/enterprise/jobs */
export type EnterpriseJobList = { items: JobDetail[] };
/** GET /api/me/enterprise/jobs/:id */
export type EnterpriseJobResponse = { job: JobDetail; history: HistoryEntry[] };
/** POST /api/me/enterprise/jobs (201), PUT …/:id, POST …/:id/close */
export type JobSaved = { job: JobDetail };
export type JobBody = JobInput;

/** GET /api/me/enterprise/jobs/:id/applications: applicants' names and phones are shown to the employer. */
export type EnterpriseApplication = Application & { name: string; phone: string | null; education: Education; age: number };

export type OutcomeStatus = 'interview' | 'hired' | 'refused';
/** POST /api/me/enterprise/applications/:id/outcome; a hire needs the start date and registers the employment. */
export type OutcomeBody = { status: OutcomeStatus; startDate?: string; wageYuan?: number };

// --- Citizen --------------------------------------------------------------------------------------

/** GET /api/public/jobs/:id */
export type PublicJob = JobCard & { description: string; skills: string[] };

/** A posting recommended to a seeker; score 0–100. */
export type Recommendation = JobCard & { score: number; reasons: ScoreReason[] };
/** GET /api/me/job-recommendations */
export type RecommendationList = { items: Recommendation[]; hasProfile: boolean };

export type SeekerStatus = 'active' | 'employed' | (string & {});

export type SeekerProfile = {
  /** From department data; the person does not choose them. */
  categories: SeekerCategory[];
  skills: string[];
  preferredOccupations: string[];
  preferredDistricts: string[];
  expectedWageYuan: number;
  experienceYears: number;
  availableFrom: string;
  status: SeekerStatus;
  education: Education;
  districtCode: string;
  townshipCode: string | null;
};

/** GET /api/me/job-profile */
export type JobProfileResponse = {
  profile: SeekerProfile | null;
  defaults: { education: Education; districtCode: string; townshipCode: string | null; categories: SeekerCategory[] };
};

/** PUT /api/me/job-profile */
export type SeekerProfileBody = {
  skills: string[];
  /** 1–5 middle groups. */
  preferredOccupations: string[];
  /** 0–5 districts; none means where the person lives. */
  preferredDistricts: string[];
  expectedWageYuan: number;
  experienceYears: number;
  availableFrom: string;
};

/** GET /api/me/applications */
export type MyApplication = Application & { job: JobCard };
export type MyApplicationList = { items: MyApplication[] };
