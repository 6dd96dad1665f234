// Names of the insurance module's codes in both languages, shared by routes, cases and exports.
import type { BenefitKind, LifeSignalSource } from '../../db/schema.js';

export const BENEFIT_LABELS: Record<BenefitKind, { zh: string; en: string }> = {
  employee_pension: { zh: '职工基本养老金', en: 'Employee pension' },
  resident_pension: { zh: '城乡居民养老金', en: 'Resident pension' },
  unemployment_benefit: { zh: '失业保险金', en: 'Unemployment benefit' },
  work_injury_allowance: { zh: '工伤保险待遇', en: 'Work-injury allowance' },
};

export const SIGNAL_SOURCES: readonly LifeSignalSource[] = ['medical_visit', 'social_card', 'transport', 'civil_affairs', 'residence'];

/** Schemes of the enrolment picture. */
export const SCHEMES = ['employee_pension', 'resident_pension', 'unemployment', 'work_injury', 'medical_employee', 'medical_resident', 'ltc'] as const;
export type Scheme = (typeof SCHEMES)[number];
export const SCHEME_LABELS: Record<Scheme, { zh: string; en: string }> = {
  employee_pension: { zh: '职工养老保险', en: 'Employee pension' },
  resident_pension: { zh: '城乡居民养老保险', en: 'Resident pension' },
  unemployment: { zh: '失业保险', en: 'Unemployment insurance' },
  work_injury: { zh: '工伤保险', en: 'Work-injury insurance' },
  medical_employee: { zh: '职工医疗保险', en: 'Employee medical insurance' },
  medical_resident: { zh: '城乡居民医疗保险', en: 'Resident medical insurance' },
  ltc: { zh: '长期护理保险', en: 'Long-term-care insurance' },
};

/** Fen as yuan with two decimals, for case texts. */
export const fen = (n: number) => (n / 100).toFixed(2);
