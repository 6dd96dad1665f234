// Names of the insurance module's codes in both languages, shared by routes, cases and exports.
import type { BenefitKind } from '../../db/schema.js';

export const BENEFIT_LABELS: Record<BenefitKind, { zh: string; en: string }> = {
  employee_pension: { zh: '职工基本养老金', en: 'Employee pension' },
  resident_pension: { zh: '城乡居民养老金', en: 'Resident pension' },
  unemployment_benefit: { zh: '失业保险金', en: 'Unemployment benefit' },
  work_injury_allowance: { zh: '工伤保险待遇', en: 'Work-injury allowance' },
};

/** Fen as yuan with two decimals, for case texts. */
export const fen = (n: number) => (n / 100).toFixed(2);
