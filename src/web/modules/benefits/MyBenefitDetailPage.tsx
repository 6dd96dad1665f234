// One benefit as its payee sees it (citizen or enterprise, on a phone): why they qualify, the data
// used, the legal basis, what to do (confirm / apply / decline / correct the account), the payment
// and the history. Enterprises see the hire's criteria but none of the employee's personal data.
import { ArrowLeftOutlined, BankOutlined, CreditCardOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Input, Modal, Skeleton, Space, Tag, Timeline, Typography, theme } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { formatDateTime } from '../../shared/format';
import { ItemList } from '../../shared/ItemList';
import { useI18n } from '../../shared/i18n';
import { LoadError, NotFoundResult } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { AccountForm, type AccountFormMode } from './AccountForm';
import { CriterionIcon, enterpriseSafeFact, ErrorAlert, MyStatusTag, useBenefitFormat } from './common';
import type { AccountBody, EntitlementStatus, MyBenefitDetail, PaymentOfEntitlement } from './types';

export default function MyBenefitDetailPage() {
  const { id = '' } = useParams();
  const { pathname } = useLocation();
  const [params, setParams] = useSearchParams();
  const { user } = useAuth();
  const { t, bi } = useI18n();
  const fmt = useBenefitFormat();
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const valid = /^[1-9]\d{0,15}$/.test(id);
  const enterprise = pathname.startsWith('/me/enterprise/') || user?.role === 'enterprise';
  const listPath = enterprise ? '/me/enterprise/benefits' : '/me/benefits';
  const { data, error, reload, setData } = useApi<MyBenefitDetail>(valid ? `/api/me/benefits/${id}` : null);
  const [correcting, setCorrecting] = useState(false);
  const [declineOpen, setDeclineOpen] = useState(false);

  if (!valid) return <NotFoundResult />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  const d = data && String(data.id) === id ? data : undefined;
  if (!d) return <Skeleton active paragraph={{ rows: 10 }} />;

  const can = (a: 'confirm' | 'apply' | 'decline') => d.actions.includes(a);
  const failed = d.status === 'payment_failed';
  // After a failed payment the form opens on request ("更正账户"), or straight away when the card's button was used.
  const formMode: AccountFormMode | null = can('apply')
    ? 'apply'
    : can('confirm') && !failed
      ? 'confirm'
      : can('confirm') && failed && (correcting || params.get('do') === 'correct')
        ? 'correct'
        : null;
  const lastPayment = d.payments.length ? d.payments[d.payments.length - 1] : undefined;
  const facts = enterprise ? d.facts.filter(enterpriseSafeFact) : d.facts;

  const stopCorrecting = () => {
    setCorrecting(false);
    if (params.get('do')) setParams({}, { replace: true });
  };

  const act = async (path: 'confirm' | 'apply', body: AccountBody & { declaration?: true }, done: string) => {
    const next = await api.post<MyBenefitDetail>(`/api/me/benefits/${d.id}/${path}`, body);
    setData(next);
    stopCorrecting();
    void message.success(done);
    window.scrollTo({ top: 0, behavior: 'smooth' });
  };

  return (
    <div data-testid="benefit-detail" data-status={d.status}>
      <Link to={listPath} style={{ display: 'inline-flex', alignItems: 'center', gap: 6, minHeight: 40, marginBottom: 4 }}>
        <ArrowLeftOutlined /> {enterprise ? t('benefits.my.backEnterprise') : t('benefits.my.back')}
      </Link>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Card size="small" styles={{ body: { padding: 16 } }}>
          <Typography.Title level={4} style={{ margin: 0, overflowWrap: 'anywhere' }} data-testid="benefit-policy">
            {bi(d.policy.name)}
          </Typography.Title>
          <div className="hm-num" style={{ whiteSpace: 'normal', fontSize: 26, fontWeight: 600, color: token.colorPrimary, margin: '8px 0' }} data-testid="benefit-amount">
            {fmt.amount(d.amountFen, d.period)}
          </div>
          <MyStatusTag status={d.status} style={{ fontSize: 14, padding: '2px 10px' }} />
          <ItemList
            rows={[
              { key: 'period', title: t('benefits.my.period'), extra: fmt.period(d.period) },
              {
                key: 'delivery',
                title: t('benefits.my.delivery'),
                description: enterprise ? t(`benefits.deliveryHelpEnterprise.${d.delivery}`) : t(`benefits.deliveryHelp.${d.delivery}`),
                extra: <Tag style={{ marginInlineEnd: 0 }}>{t(`benefits.delivery.${d.delivery}`)}</Tag>,
              },
            ]}
          />
        </Card>

        {failed && (
          <Alert
            type="error"
            showIcon
            icon={<WarningOutlined />}
            data-testid="payment-failed"
            title={lastPayment?.failureReason ? t('benefits.my.paymentFailed', { reason: lastPayment.failureReason }) : t('benefits.my.paymentFailedNoReason')}
            description={
              <>
                <div>{t('benefits.my.correctHelp')}</div>
                {formMode !== 'correct' && can('confirm') && (
                  <Button type="primary" danger size="large" block style={{ marginTop: 10 }} onClick={() => setCorrecting(true)} data-testid="correct-account">
                    {t('benefits.my.correct')}
                  </Button>
                )}
              </>
            }
          />
        )}

        {formMode && (
          <Card
            size="small"
            title={formMode === 'apply' ? t('benefits.account.applyTitle') : formMode === 'correct' ? t('benefits.account.correctTitle') : t('benefits.account.title')}
            data-testid="action-card"
          >
            {d.amountFen === 0 && <Alert type="info" showIcon title={t('benefits.my.recognition')} style={{ marginBottom: 12 }} />}
            <AccountForm
              key={`${d.id}-${formMode}`}
              mode={formMode}
              enterprise={enterprise}
              payeeName={user?.displayName ?? ''}
              onCancel={formMode === 'correct' ? stopCorrecting : undefined}
              onSubmit={(body) =>
                formMode === 'apply'
                  ? act('apply', body, t('benefits.my.applied'))
                  : act('confirm', body, formMode === 'correct' ? t('benefits.my.corrected') : t('benefits.my.confirmed'))
              }
            />
          </Card>
        )}
        {d.status === 'ready' && !d.account && d.amountFen > 0 && (
          // A direct payment without an account goes to a resident's card; an enterprise's waits for an account.
          enterprise ? (
            <Alert type="warning" showIcon title={t('benefits.my.enterpriseNoAccount')} data-testid="enterprise-no-account" />
          ) : d.delivery === 'direct' ? (
            <Alert type="info" showIcon title={t('benefits.my.directNotice')} />
          ) : null
        )}

        <Card size="small" title={t('benefits.my.payment')} data-testid="payment-card">
          <PaymentSummary d={d} />
        </Card>

        <Card size="small" title={enterprise ? t('benefits.my.whyEnterprise') : t('benefits.my.why')} data-testid="criteria-card">
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
            {t('benefits.my.whyHelp')}
          </Typography.Paragraph>
          {d.criteria.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('benefits.entitlements.noCriteria')} />
          ) : (
            <ItemList
              testId="criteria"
              rows={d.criteria.map((c, i) => ({
                key: i,
                avatar: <CriterionIcon result={c.result} />,
                title: bi(c.label),
                description: fmt.margin(c) ?? undefined,
                extra: <Typography.Text type={c.result === 'pass' ? 'success' : c.result === 'fail' ? 'danger' : 'warning'}>{t(`benefits.criterion.${c.result}`)}</Typography.Text>,
              }))}
            />
          )}
        </Card>

        <Card size="small" title={enterprise ? t('benefits.my.enterpriseData') : t('benefits.my.myData')} data-testid="facts-card">
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
            {enterprise ? t('benefits.my.enterpriseDataHelp') : t('benefits.my.myDataHelp')}
          </Typography.Paragraph>
          {facts.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('benefits.noData')} />
          ) : (
            <ItemList
              testId="facts"
              rows={facts.map((f) => ({
                key: f.name,
                title: fmt.factLabel(f),
                extra: (
                  <Typography.Text strong={f.value !== null} type={f.value === null ? 'secondary' : undefined} className="hm-num" style={{ maxWidth: 160, display: 'inline-block', textAlign: 'right', whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
                    {fmt.factValue(f)}
                  </Typography.Text>
                ),
              }))}
            />
          )}
        </Card>

        <Card size="small" title={t('benefits.my.basis')} data-testid="basis-card">
          {d.basis.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('benefits.noData')} />
          ) : (
            <ItemList
              rows={d.basis.map((b, i) => ({
                key: i,
                title: (
                  <>
                    {b.url ? (
                      <a href={b.url} target="_blank" rel="noreferrer">
                        《{b.title}》
                      </a>
                    ) : (
                      <Typography.Text strong>《{b.title}》</Typography.Text>
                    )}
                    {b.number && <Typography.Text type="secondary"> {b.number}</Typography.Text>}
                  </>
                ),
                description: b.article,
              }))}
            />
          )}
        </Card>

        <Card size="small" title={t('benefits.my.history')} data-testid="history-card">
          <History events={d.events} />
        </Card>

        {can('decline') && (
          <Button size="large" block danger type="text" onClick={() => setDeclineOpen(true)} data-testid="decline-open" style={{ marginBottom: 8 }}>
            {t('benefits.my.declineAction')}
          </Button>
        )}
      </Space>
      <DeclineModal
        open={declineOpen}
        id={d.id}
        onClose={() => setDeclineOpen(false)}
        onDone={(next) => {
          setData(next);
          setDeclineOpen(false);
          void message.info(t('benefits.my.declinedDone'));
          window.scrollTo({ top: 0, behavior: 'smooth' });
        }}
      />
    </div>
  );
}

function PaymentSummary({ d }: { d: MyBenefitDetail }) {
  const { t } = useI18n();
  const fmt = useBenefitFormat();
  const accountRow = d.account
    ? {
        key: 'account',
        avatar: d.account.kind === 'bank' ? <BankOutlined /> : <CreditCardOutlined />,
        title: t('benefits.account.current'),
        description: [t(`benefits.accountKind.${d.account.kind}`), d.account.bank, d.account.accountNo].filter(Boolean).join(' · '),
      }
    : null;
  const line = (p: PaymentOfEntitlement) => ({
    key: p.reference,
    title:
      p.status === 'paid'
        ? t('benefits.my.paymentPaid', { amount: fmt.yuan(p.amountFen), at: p.reconciledAt ? formatDateTime(p.reconciledAt).slice(0, 10) : t('common.none') })
        : p.status === 'failed'
          ? p.failureReason
            ? t('benefits.my.paymentFailed', { reason: p.failureReason })
            : t('benefits.my.paymentFailedNoReason')
          : t('benefits.my.paymentPending'),
    description: [p.reference, t(`benefits.accountKind.${p.accountKind}`), p.accountBank, p.accountNo].filter(Boolean).join(' · '),
    extra: <Tag color={p.status === 'paid' ? 'success' : p.status === 'failed' ? 'error' : 'processing'} style={{ marginInlineEnd: 0 }}>{t(`benefits.lineStatus.${p.status}`)}</Tag>,
  });
  const rows = [...(accountRow ? [accountRow] : []), ...[...d.payments].reverse().map(line)];
  if (rows.length === 0) return <Typography.Text type="secondary">{t('benefits.my.noPayment')}</Typography.Text>;
  return (
    <>
      <ItemList testId="payments" rows={rows} />
      {d.payments.length === 0 && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
          {t('benefits.my.noPayment')}
        </Typography.Text>
      )}
    </>
  );
}

/** What each move means to the payee. */
function useEventText() {
  const { t } = useI18n();
  return (from: EntitlementStatus | null, to: EntitlementStatus, note: string | null): string => {
    if (from === null) return t('benefits.my.events.found');
    if (to === 'ready') {
      if (from === 'awaiting_confirmation') return t('benefits.my.events.confirmed');
      if (from === 'awaiting_application') return t('benefits.my.events.applied');
      if (from === 'payment_failed') return t('benefits.my.events.corrected');
      if (from === 'excluded') return t('benefits.my.events.restored');
    }
    if (to === 'declined') {
      const reason = note?.startsWith('declined: ') ? note.slice('declined: '.length) : null;
      return reason ? `${t('benefits.my.events.declined')}:${reason}` : t('benefits.my.events.declined');
    }
    if (to === 'in_batch') return t('benefits.my.events.inBatch');
    if (to === 'paid') return t('benefits.my.events.paid');
    if (to === 'payment_failed') return t('benefits.my.events.failed');
    if (to === 'excluded') return t('benefits.my.events.excluded');
    if (from === 'excluded') return t('benefits.my.events.restored');
    return t('benefits.my.events.other', { status: t(`benefits.myStatus.${to}`) });
  };
}

const EVENT_COLOR: Partial<Record<EntitlementStatus, string>> = { paid: 'green', payment_failed: 'red', declined: 'gray', excluded: 'gray' };

function History({ events }: { events: MyBenefitDetail['events'] }) {
  const { t } = useI18n();
  const text = useEventText();
  if (events.length === 0) return <Typography.Text type="secondary">{t('benefits.noData')}</Typography.Text>;
  return (
    <Timeline
      data-testid="history"
      style={{ marginTop: 8, marginBottom: -16 }}
      items={events.map((e, i) => ({
        key: i,
        color: EVENT_COLOR[e.toStatus] ?? 'blue',
        content: (
          <>
            <div>{text(e.fromStatus, e.toStatus, e.note)}</div>
            <Typography.Text type="secondary" className="hm-num" style={{ fontSize: 12 }}>
              {formatDateTime(e.at)}
            </Typography.Text>
          </>
        ),
      }))}
    />
  );
}

function DeclineModal({ open, id, onClose, onDone }: { open: boolean; id: number; onClose: () => void; onDone: (d: MyBenefitDetail) => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = reason.trim();
      onDone(await api.post<MyBenefitDetail>(`/api/me/benefits/${id}/decline`, r ? { reason: r } : {}));
      setReason('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('benefits.my.declineTitle')}
      onCancel={onClose}
      onOk={submit}
      okText={t('benefits.my.declineOk')}
      okButtonProps={{ danger: true, loading: busy, size: 'large' }}
      cancelButtonProps={{ size: 'large' }}
      cancelText={t('common.cancel')}
      destroyOnHidden
      centered
    >
      <Typography.Paragraph>{t('benefits.my.declineHelp')}</Typography.Paragraph>
      <Input.TextArea
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={200}
        showCount
        autoSize={{ minRows: 2, maxRows: 5 }}
        placeholder={t('benefits.my.declineReason')}
        aria-label={t('benefits.my.declineReason')}
        data-testid="decline-reason"
        style={{ marginBottom: 20 }}
      />
      {error !== null && <ErrorAlert error={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
