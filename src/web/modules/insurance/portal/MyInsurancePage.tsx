// 我的社保 at /me/insurance: a resident's own insurance on a phone — this year's certification (with
// remote self-certification when a task is open), enrolment in each scheme and in medical and
// long-term-care insurance, the benefits received with their recent payments, the last
// contributions, and retirement: when the statutory age is reached and whether the contributions
// suffice, with the application for the retirement bundle (the server's reasons when it refuses).
import { CheckCircleOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Popconfirm, Skeleton, Space, Tag, theme, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, ApiError } from '../../../shared/api';
import { ErrorAlert, errorDetails, isConflict } from '../../../shared/ErrorAlert';
import { useI18n } from '../../../shared/i18n';
import { ItemList } from '../../../shared/ItemList';
import { LoadError } from '../../../shared/results';
import { useApi } from '../../../shared/useApi';
import { CodeTag, useCode, useInsFormat } from '../common';
import type { MyBundle, MyInsurance } from '../types';
import { PageTitle } from './common';

export default function MyInsurancePage() {
  const { t } = useI18n();
  const res = useApi<MyInsurance>('/api/me/insurance');
  const d = res.data;
  return (
    <div data-testid="my-insurance">
      <PageTitle title={t('insurance.portal.myTitle')} intro={t('insurance.portal.myIntro')} />
      {res.error && !d ? (
        <LoadError error={res.error} onRetry={res.reload} />
      ) : !d ? (
        <Card size="small">
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <CertificationCard d={d} reload={res.reload} />
          <EnrolmentCard d={d} />
          <BenefitsCard d={d} />
          <ContributionsCard d={d} />
          <RetirementCard d={d} />
        </Space>
      )}
    </div>
  );
}

function CertificationCard({ d, reload }: { d: MyInsurance; reload: () => void }) {
  const { t, bi } = useI18n();
  const { message } = App.useApp();
  const c = d.certification;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const certify = async () => {
    if (!c) return;
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/me/insurance/certify', { version: c.version });
      void message.success(t('insurance.portal.certified'));
      reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const sources = c ? c.sources.map((s) => bi(d.certificationSources.find((x) => x.code === s)?.label, s)).join('、') : '';
  let text: string;
  if (!c) text = t('insurance.portal.certNone');
  else if (c.status === 'data_certified') text = t('insurance.portal.certDoneData');
  else if (c.status === 'self_certified' || c.status === 'visited') text = t('insurance.portal.certDone', { date: c.certifiedOn ?? '' });
  else if (c.status === 'pending_visit') text = t('insurance.portal.certVisit');
  else if (c.canSelfCertify) text = c.taskDue ? t('insurance.portal.certPending', { date: c.taskDue }) : t('insurance.portal.certPendingNoDue');
  else text = '';

  return (
    <Card
      size="small"
      title={
        <Space size={6} wrap>
          <SafetyCertificateOutlined />
          {t('insurance.portal.certification', { year: d.year })}
        </Space>
      }
      extra={c && <CodeTag group="certStatus" code={c.status} testId="my-cert-status" style={{ marginInlineEnd: 0 }} />}
      data-testid="my-certification"
    >
      {text && <Typography.Paragraph style={{ marginBottom: 8 }}>{text}</Typography.Paragraph>}
      {c?.status === 'pending_visit' && c.taskDue && <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('insurance.portal.certPending', { date: c.taskDue })}</Typography.Paragraph>}
      {c && c.sources.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 8 }}>
          {t('insurance.portal.certSources', { sources })}
        </Typography.Paragraph>
      )}
      {error !== null && <ErrorAlert error={error} style={{ marginBottom: 8 }} onClose={() => setError(null)} onReload={isConflict(error) ? reload : undefined} />}
      {c?.canSelfCertify && (
        <Popconfirm title={t('insurance.portal.selfCertifyConfirm')} okText={t('insurance.common.confirm')} cancelText={t('insurance.common.cancel')} onConfirm={certify}>
          <Button type="primary" block size="large" icon={<CheckCircleOutlined />} loading={busy} data-testid="self-certify">
            {t('insurance.portal.selfCertify')}
          </Button>
        </Popconfirm>
      )}
    </Card>
  );
}

function EnrolmentCard({ d }: { d: MyInsurance }) {
  const { t } = useI18n();
  const code = useCode();
  const m = d.medical;
  return (
    <Card size="small" title={t('insurance.portal.enrolments')} data-testid="my-enrolments">
      {d.enrolments.length === 0 ? (
        <Typography.Text type="secondary">{t('insurance.portal.noEnrolments')}</Typography.Text>
      ) : (
        <ItemList
          rows={d.enrolments.map((e) => ({
            key: e.scheme,
            title: code('scheme', e.scheme),
            description: <span className="hm-num">{t('insurance.portal.since', { date: e.since })}</span>,
            extra: <CodeTag group="enrolmentStatus" code={e.status} style={{ marginInlineEnd: 0 }} />,
          }))}
        />
      )}
      <div style={{ marginTop: 8, paddingTop: 8, borderTop: '1px solid rgba(5,5,5,0.06)' }}>
        <Typography.Text strong>{t('insurance.portal.medical', { year: m.year })}</Typography.Text>
        <div>
          {m.scheme ? <Tag color="blue">{code('scheme', m.scheme)}</Tag> : <Typography.Text type="secondary">{t('insurance.portal.medicalNone')}</Typography.Text>}
          {m.longTermCare ? <Tag color="green">{t('insurance.portal.ltcYes')}</Tag> : m.scheme === 'employee' ? <Tag>{t('insurance.portal.ltcNo')}</Tag> : null}
        </div>
      </div>
    </Card>
  );
}

function BenefitsCard({ d }: { d: MyInsurance }) {
  const { t } = useI18n();
  const code = useCode();
  const fmt = useInsFormat();
  const { token } = theme.useToken();
  return (
    <Card size="small" title={t('insurance.portal.benefits')} data-testid="my-insurance-benefits">
      {d.benefits.length === 0 ? (
        <Typography.Text type="secondary">{t('insurance.portal.noBenefits')}</Typography.Text>
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {d.benefits.map((b) => (
            <div key={b.id} data-testid="my-benefit" style={{ border: `1px solid ${token.colorBorderSecondary}`, borderRadius: 8, padding: 10 }}>
              <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
                <Typography.Text strong style={{ flex: 1, minWidth: 0 }}>
                  {code('benefitKind', b.kind)}
                </Typography.Text>
                <CodeTag group="awardStatus" code={b.status} style={{ marginInlineEnd: 0 }} />
              </div>
              <div className="hm-num" style={{ fontSize: 16, color: token.colorPrimary }}>
                {t('insurance.portal.monthly', { amount: fmt.yuan(b.monthlyFen) })}
              </div>
              <div style={{ fontSize: 13, color: token.colorTextSecondary }}>
                <span className="hm-num">{t('insurance.portal.since', { date: fmt.month(b.since) })}</span>
                {b.account && <> · <span className="hm-mono">{t('insurance.portal.account', { account: b.account })}</span></>}
                {b.reason && <> · {code('awardReason', b.reason)}</>}
              </div>
              {b.payments.length > 0 && (
                <div style={{ marginTop: 6 }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('insurance.portal.recentPayments')}
                  </Typography.Text>
                  <ItemList
                    rows={b.payments.map((p) => ({
                      key: p.month,
                      title: <span className="hm-num">{fmt.month(p.month)}</span>,
                      description: <span className="hm-num">{t('insurance.portal.paidOn', { date: p.paidOn })}</span>,
                      extra: <span className="hm-num">{fmt.yuan(p.amountFen)}</span>,
                    }))}
                  />
                </div>
              )}
            </div>
          ))}
        </Space>
      )}
    </Card>
  );
}

function ContributionsCard({ d }: { d: MyInsurance }) {
  const { t } = useI18n();
  const fmt = useInsFormat();
  return (
    <Card size="small" title={t('insurance.portal.contributions')} data-testid="my-contributions">
      {d.contributions.length === 0 ? (
        <Typography.Text type="secondary">{t('insurance.portal.noContributions')}</Typography.Text>
      ) : (
        <ItemList
          rows={d.contributions.map((c, i) => ({
            key: `${c.month}-${i}`,
            title: (
              <span>
                <span className="hm-num">{fmt.month(c.month)}</span> · {c.employer}
              </span>
            ),
            description: (
              <span className="hm-num" style={{ whiteSpace: 'normal' }}>
                {t('insurance.portal.base')} {fmt.yuan(c.baseFen)} · {t('insurance.portal.pension')} {fmt.yuan(c.pensionFen)} · {t('insurance.portal.unemployment')} {fmt.yuan(c.unemploymentFen)} · {t('insurance.portal.injury')} {fmt.yuan(c.injuryFen)}
              </span>
            ),
          }))}
        />
      )}
    </Card>
  );
}

function RetirementCard({ d }: { d: MyInsurance }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const r = d.retirement;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const years = Math.floor(r.retirementAgeMonths / 12);
  const months = r.retirementAgeMonths % 12;
  const age = months ? t('insurance.portal.ageYearsMonths', { years, months }) : t('insurance.portal.ageYears', { years });

  const apply = async () => {
    setBusy(true);
    setError(null);
    try {
      const b = await api.post<MyBundle>('/api/me/bundles/retirement');
      void message.success(t('insurance.portal.applied', { code: b.trackingCode }));
      navigate(`/me/bundles/${b.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // A refusal (400) carries each reason as a detail; they are listed under the message.
  const reasons = error instanceof ApiError && error.code === 'VALIDATION' ? errorDetails(error) : [];
  return (
    <Card size="small" title={t('insurance.portal.retirement')} data-testid="my-retirement" data-eligible={r.eligible}>
      <Typography.Paragraph style={{ marginBottom: 4 }}>{r.reachesOn <= today ? t('insurance.portal.reached', { date: r.reachesOn, age }) : t('insurance.portal.reachesOn', { date: r.reachesOn, age })}</Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('insurance.portal.contributionMonths', { n: r.contributionMonths, min: r.minimumMonths })}
      </Typography.Paragraph>
      {r.eligible ? (
        <Alert type="success" showIcon style={{ marginBottom: 8 }} title={t('insurance.portal.eligible')} />
      ) : (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('insurance.portal.notEligible')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {r.reasons.map((x, i) => (
                <li key={i}>{lang === 'en' ? x.en : x.zh}</li>
              ))}
            </ul>
          }
        />
      )}
      {reasons.length > 0 ? (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setError(null) }}
          style={{ marginBottom: 8 }}
          data-testid="retirement-refused"
          title={t('insurance.portal.refused')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {reasons.map((x, i) => (
                <li key={i}>{lang === 'en' ? x.messageEn || x.message : x.message}</li>
              ))}
            </ul>
          }
        />
      ) : (
        error !== null && <ErrorAlert error={error} style={{ marginBottom: 8 }} onClose={() => setError(null)} />
      )}
      <Popconfirm title={t('insurance.portal.applyConfirm')} okText={t('insurance.common.confirm')} cancelText={t('insurance.common.cancel')} onConfirm={apply}>
        <Button type={r.eligible ? 'primary' : 'default'} block size="large" loading={busy} data-testid="apply-retirement">
          {t('insurance.portal.apply')}
        </Button>
      </Popconfirm>
    </Card>
  );
}
