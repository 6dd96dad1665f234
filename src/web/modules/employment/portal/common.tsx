// Pieces the citizen and enterprise job pages share, built for a phone's width: wages and dates,
// status tags, the occupation lists, a job as a card, the reasons of a match, screening findings,
// and a posting's history. The page title and the back link are shared/portal's, re-exported here.
import { EnvironmentOutlined, RightOutlined } from '@ant-design/icons';
import { Card, Progress, Space, Tag, theme, Timeline, Typography } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../../shared/format';
import { useI18n } from '../../../shared/i18n';
import { useReference } from '../common';
import { usePortalT } from './messages';
import type { ApplicationStatus, Finding, HistoryEntry, JobCard, JobStatus, ScoreReason } from './types';

export { dayText, placeFieldErrors, todayText, useTownships } from '../common';
export { BackButton, PageTitle } from '../../../shared/portal';

// --- Numbers, wages, dates ----------------------------------------------------------------------

export function useJobFormat() {
  const { t } = usePortalT();
  const { locale } = useI18n();
  return useMemo(() => {
    const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    return {
      int: (n: number) => int.format(n),
      /** 8,000–12,000 元/月 */
      wage: (min: number, max: number) => (min === max ? t('common.wageOne', { v: int.format(min) }) : t('common.wageRange', { min: int.format(min), max: int.format(max) })),
      /** A timestamp's day in Beijing. */
      day: (iso: string | null | undefined) => (iso ? formatDateTime(iso).slice(0, 10) : t('common.none')),
    };
  }, [t, locale]);
}

/** Where a job is: district and township. */
export const placeOf = (j: Pick<JobCard, 'districtName' | 'townshipName'>) => [j.districtName, j.townshipName].filter(Boolean).join(' ');

// --- Tags -----------------------------------------------------------------------------------------

const JOB_STATUS_COLOR: Record<JobStatus, string> = { published: 'success', blocked: 'error', closed: 'default' };
const APPLICATION_STATUS_COLOR: Record<ApplicationStatus, string> = { submitted: 'processing', interview: 'purple', hired: 'success', refused: 'default', withdrawn: 'default' };

export function JobStatusTag({ status }: { status: JobStatus }) {
  const { code } = usePortalT();
  return (
    <Tag color={JOB_STATUS_COLOR[status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid="job-status" data-status={status}>
      {code('jobStatus', status)}
    </Tag>
  );
}

export function ApplicationStatusTag({ status }: { status: ApplicationStatus }) {
  const { code } = usePortalT();
  return (
    <Tag color={APPLICATION_STATUS_COLOR[status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid="application-status" data-status={status}>
      {code('applicationStatus', status)}
    </Tag>
  );
}

// --- Occupations ----------------------------------------------------------------------------------

/**
 * The reference lists in the reader's language, for selects: occupations grouped by major group
 * (postings and preferences take middle groups), and for the job filter, majors too.
 */
export function useJobReference() {
  const ref = useReference();
  const { lang } = useI18n();
  return useMemo(() => {
    const name = (o: { zh: string; en: string }) => (lang === 'en' ? o.en : o.zh);
    const majors = ref.occupations.filter((o) => o.level === 'major');
    const middles = (major: string) => ref.occupations.filter((o) => o.level === 'middle' && o.majorCode === major);
    return {
      ...ref,
      /** Middle groups under their major group. */
      occupationOptions: majors.map((m) => ({ label: name(m), title: name(m), options: middles(m.code).map((o) => ({ value: o.code, label: name(o) })) })),
      /** A whole major group, or one of its middle groups. */
      occupationFilterOptions: majors.map((m) => ({
        label: name(m),
        title: name(m),
        options: [{ value: m.code, label: name(m) }, ...middles(m.code).map((o) => ({ value: o.code, label: `\u3000${name(o)}` }))],
      })),
    };
  }, [ref, lang]);
}

// --- Matches --------------------------------------------------------------------------------------

/** Why a job and a person match: each factor's points out of its maximum, and the reason. */
export function ScoreReasons({ reasons, testId }: { reasons: ScoreReason[]; testId?: string }) {
  const { bi } = useI18n();
  const { token } = theme.useToken();
  return (
    <ul style={{ margin: 0, paddingInlineStart: 0, listStyle: 'none', fontSize: 13 }} data-testid={testId}>
      {reasons.map((r, i) => (
        <li key={`${r.factor}-${i}`} style={{ display: 'flex', gap: 6, alignItems: 'baseline' }} data-testid="score-reason" data-factor={r.factor}>
          <span className="hm-num" style={{ flex: 'none', minWidth: 44, color: r.points > 0 ? token.colorSuccess : token.colorTextTertiary }}>
            {r.points}/{r.max}
          </span>
          <span style={{ overflowWrap: 'anywhere' }}>{bi({ zh: r.zh, en: r.en })}</span>
        </li>
      ))}
    </ul>
  );
}

/** A match score 0–100 as a small ring. */
export function ScoreRing({ score, size = 48 }: { score: number; size?: number }) {
  const { t } = usePortalT();
  const { token } = theme.useToken();
  const color = score >= 75 ? token.colorSuccess : score >= 50 ? token.colorPrimary : token.colorWarning;
  return (
    <Progress
      type="circle"
      percent={Math.max(0, Math.min(100, score))}
      size={size}
      strokeColor={color}
      format={(p) => <span className="hm-num">{p}</span>}
      aria-label={t('common.scoreN', { n: score })}
      data-testid="score"
    />
  );
}

// --- A job as a card ------------------------------------------------------------------------------

/** One job in a list, opening its page: title, employer, place, wage, and what it asks. */
export function JobCardItem({ job, to, testId = 'job-card', score, aside }: { job: JobCard; to: string; testId?: string; score?: number; aside?: ReactNode }) {
  const { t, code } = usePortalT();
  const { bi } = useI18n();
  const fmt = useJobFormat();
  const { token } = theme.useToken();
  return (
    <Card size="small" styles={{ body: { padding: 12 } }} data-testid={testId} data-job-id={job.id}>
      <Link to={to} style={{ color: 'inherit', display: 'block' }}>
        <div style={{ display: 'flex', gap: 10, alignItems: 'flex-start' }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <Typography.Text strong style={{ fontSize: 15, overflowWrap: 'anywhere' }} data-testid="job-title">
              {job.title}
            </Typography.Text>
            <div className="hm-num" style={{ color: token.colorError, fontSize: 15, fontWeight: 500 }} data-testid="job-wage">
              {fmt.wage(job.wageMinYuan, job.wageMaxYuan)}
            </div>
            <div style={{ fontSize: 13, color: token.colorTextSecondary, overflowWrap: 'anywhere' }}>{job.enterpriseName}</div>
            <div style={{ fontSize: 13, color: token.colorTextSecondary }}>
              <EnvironmentOutlined /> {placeOf(job)} · {bi(job.occupationName)}
            </div>
            <Space size={[4, 4]} wrap style={{ marginTop: 6 }}>
              <Tag style={{ marginInlineEnd: 0 }}>{code('education', job.education)}</Tag>
              <Tag style={{ marginInlineEnd: 0 }}>{job.experienceYears > 0 ? t('common.experienceN', { n: job.experienceYears }) : t('common.experienceNone')}</Tag>
              <Tag style={{ marginInlineEnd: 0 }}>{code('schedule', job.schedule)}</Tag>
              {job.forGraduates && (
                <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                  {t('common.forGraduates')}
                </Tag>
              )}
            </Space>
          </div>
          <div style={{ flex: 'none', display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 4 }}>
            {score !== undefined && <ScoreRing score={score} />}
            <RightOutlined style={{ color: token.colorTextQuaternary }} />
          </div>
        </div>
      </Link>
      {aside}
    </Card>
  );
}

// --- Screening findings ---------------------------------------------------------------------------

/** A few characters either side of a finding's phrase, so the writer sees where it is. */
function excerpt(text: string | undefined, f: Finding): { before: string; phrase: string; after: string } {
  if (!text) return { before: '', phrase: f.phrase, after: '' };
  // The offsets are into the text screened; should the text shown differ, look for the phrase.
  let start = f.start;
  if (start < 0 || f.end <= start || f.end > text.length || text.slice(start, f.end) !== f.phrase) start = f.phrase ? text.indexOf(f.phrase) : -1;
  if (start < 0) return { before: '', phrase: f.phrase, after: '' };
  const end = start + f.phrase.length;
  const around = 12;
  return {
    before: (start > around ? '…' : '') + text.slice(Math.max(0, start - around), start),
    phrase: text.slice(start, end),
    after: text.slice(end, end + around) + (end + around < text.length ? '…' : ''),
  };
}

/** Each finding: the phrase marked in its context, its severity, the reason and the legal basis. */
export function FindingList({ findings, texts }: { findings: Finding[]; texts?: { title: string; description: string } }) {
  const { t, code } = usePortalT();
  const { bi } = useI18n();
  const { token } = theme.useToken();
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      {findings.map((f, i) => {
        const x = excerpt(texts?.[f.field], f);
        const block = f.severity === 'block';
        return (
          <div
            key={`${f.rule}-${f.start}-${i}`}
            data-testid="finding"
            data-severity={f.severity}
            style={{ border: `1px solid ${block ? token.colorErrorBorder : token.colorWarningBorder}`, background: block ? token.colorErrorBg : token.colorWarningBg, borderRadius: 6, padding: 10 }}
          >
            <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap', marginBottom: 4 }}>
              <Tag color={block ? 'error' : 'warning'} style={{ marginInlineEnd: 0 }} data-testid="finding-severity">
                {code('severity', f.severity)}
              </Tag>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('screening.in', { field: code('findingField', f.field) })}
              </Typography.Text>
            </div>
            <div style={{ overflowWrap: 'anywhere' }}>
              {x.before}
              <mark data-testid="finding-phrase" style={{ background: block ? '#ffa39e' : '#ffd591', padding: '0 2px', borderRadius: 2, fontWeight: 600 }}>
                {x.phrase}
              </mark>
              {x.after}
            </div>
            <div style={{ fontSize: 13, marginTop: 4 }}>
              <Typography.Text type="secondary">
                {t('screening.reason')}
                {t('common.colon')}
              </Typography.Text>
              {bi(f.reason)}
            </div>
            {f.basis.length > 0 && (
              <div style={{ fontSize: 13 }}>
                <Typography.Text type="secondary">
                  {t('screening.basis')}
                  {t('common.colon')}
                </Typography.Text>
                {f.basis.map((b, j) => (
                  <span key={j} data-testid="finding-basis">
                    {j > 0 && '；'}
                    {b.title} {b.article}
                  </span>
                ))}
              </div>
            )}
          </div>
        );
      })}
    </Space>
  );
}

// --- History --------------------------------------------------------------------------------------

/** A posting's stored history, oldest first, with the phrases screening found at each step. */
export function JobHistory({ items }: { items: HistoryEntry[] }) {
  const { t, code } = usePortalT();
  if (items.length === 0) return <Typography.Text type="secondary">{t('common.noHistory')}</Typography.Text>;
  return (
    <Timeline
      data-testid="job-history"
      items={items.map((e, i) => {
        const findings = Array.isArray(e.details?.findings) ? (e.details.findings as { phrase?: string; severity?: string }[]) : [];
        return {
          key: i,
          color: e.action === 'blocked' || e.action === 'updated_blocked' ? 'red' : e.action === 'closed' ? 'gray' : 'green',
          content: (
            <div>
              <strong>{code('historyAction', e.action)}</strong>
              <div style={{ fontSize: 12 }}>
                <Typography.Text type="secondary">
                  {e.actorName ?? t('common.system')} · <span className="hm-num">{formatDateTime(e.at)}</span>
                </Typography.Text>
              </div>
              {findings.length > 0 && (
                <div>
                  {findings.map((f, j) => (
                    <Tag key={j} color={f.severity === 'block' ? 'red' : 'orange'}>
                      {f.phrase}
                    </Tag>
                  ))}
                </div>
              )}
            </div>
          ),
        };
      })}
    />
  );
}
