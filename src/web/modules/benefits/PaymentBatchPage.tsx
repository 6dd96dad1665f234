// One payment batch: where it stands (prepared → approved by a second officer → bank file exported →
// reconciled), the approval (refused to the preparer: four eyes), the bank file download, the bank's
// result file upload with its outcome, and the paged lines (payees and accounts masked).
import { ArrowLeftOutlined, CheckOutlined, DownloadOutlined, InboxOutlined, ReloadOutlined, SafetyCertificateOutlined, TeamOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Grid, Input, Modal, Row, Segmented, Skeleton, Space, Steps, Table, Tabs, Tag, Timeline, Tooltip, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, ApiError, request } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { formatDateTime, formatFen } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { LoadError, NotFoundResult } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { BatchStatusTag, ErrorAlert, LineStatusTag, useBenefitFormat, useDistricts } from './common';
import { BATCH_STATUSES, type BatchDetail, type LineStatus, type PaymentBatch, type PaymentLine, type ReconciliationResult } from './types';

export default function PaymentBatchPage() {
  const { id = '' } = useParams();
  const { t, bi, dyn } = useI18n();
  const fmt = useBenefitFormat();
  const { user, can } = useAuth();
  const districts = useDistricts();
  const [params, setParams] = useSearchParams();
  const valid = /^[1-9]\d{0,15}$/.test(id);
  const lineStatus = (params.get('lines') as LineStatus | null) ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 50) || 50;
  const { data, error, loading, reload, setData } = useApi<BatchDetail>(valid ? `/api/payment-batches/${id}` : null, { status: lineStatus, page, pageSize });

  if (!valid) return <NotFoundResult />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  const d = data && String(data.batch.id) === id ? data : undefined;
  if (!d) return <Skeleton active paragraph={{ rows: 12 }} />;
  const b = d.batch;
  const setBatch = (batch: PaymentBatch) => setData({ ...d, batch });

  const setParam = (next: Record<string, string | null | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === null || v === undefined || v === '') p.delete(k);
      else p.set(k, v);
    }
    setParams(p, { replace: true });
  };

  const lineColumns: ColumnsType<PaymentLine> = [
    { title: t('benefits.batch.lineNo'), dataIndex: 'lineNo', className: 'hm-num', width: 64 },
    { title: t('benefits.batch.reference'), dataIndex: 'reference', className: 'hm-mono' },
    {
      title: t('benefits.batch.entitlement'),
      dataIndex: 'entitlementId',
      className: 'hm-num',
      responsive: ['lg'],
      render: (eid: number) => (can('entitlement.read') ? <Link to={`/entitlements?entitlement=${eid}`}>#{eid}</Link> : `#${eid}`),
    },
    { title: t('benefits.batch.district'), dataIndex: 'districtCode', responsive: ['xl'], render: (c: string) => districts.name(c) },
    { title: t('benefits.batch.payee'), dataIndex: 'accountName', render: (n: string | null) => n ?? t('common.none') },
    {
      title: t('benefits.batch.account'),
      key: 'account',
      responsive: ['md'],
      render: (_: unknown, l) => (
        <>
          <div className="hm-mono">{l.accountNo ?? t('common.none')}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[t(`benefits.accountKind.${l.accountKind}`), l.accountBank].filter(Boolean).join(' · ')}
          </Typography.Text>
        </>
      ),
    },
    { title: t('benefits.batch.amount'), dataIndex: 'amountFen', align: 'right', className: 'hm-num', render: (f: number) => fmt.yuan(f) },
    { title: t('benefits.batch.status'), dataIndex: 'status', render: (s: LineStatus) => <LineStatusTag status={s} /> },
    { title: t('benefits.batch.failureReason'), dataIndex: 'failureReason', render: (r: string | null) => (r ? <Typography.Text type="danger">{r}</Typography.Text> : t('common.none')) },
    { title: t('benefits.batch.reconciledAt'), dataIndex: 'reconciledAt', className: 'hm-num', responsive: ['lg'], render: (v: string | null) => formatDateTime(v) },
  ];

  const stepIndex = BATCH_STATUSES.indexOf(b.status);
  const stepContent = (s: PaymentBatch['status']): ReactNode => {
    if (s === 'draft') return formatDateTime(b.createdAt);
    if (s === 'approved') return b.approvedAt ? formatDateTime(b.approvedAt) : null;
    if (s === 'exported') return b.exportedAt ? formatDateTime(b.exportedAt) : null;
    return null;
  };

  return (
    <div data-testid="batch-page" data-status={b.status}>
      <Link to="/payments" style={{ display: 'inline-block', marginBottom: 12 }}>
        <ArrowLeftOutlined /> {t('benefits.batch.back')}
      </Link>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 4 }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="batch-title">
          {t('benefits.batch.title', { id: b.id })}
        </Typography.Title>
        <BatchStatusTag status={b.status} />
        <Button size="small" icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} />
      </div>
      <Typography.Paragraph type="secondary">{bi(b.policyName)}</Typography.Paragraph>

      <Card size="small" style={{ marginBottom: 16 }}>
        <Steps
          size="small"
          current={stepIndex}
          status={b.status === 'reconciled' ? 'finish' : 'process'}
          items={BATCH_STATUSES.map((s) => ({ key: s, title: t(`benefits.batch.steps.${s}`), content: stepContent(s) }))}
        />
      </Card>

      <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="batch-summary">
        <Col xs={12} md={6}>
          <Stat title={t('benefits.payments.lines')} value={fmt.num.format(b.lineCount)} sub={fmt.yuan(b.totalFen)} />
        </Col>
        <Col xs={12} md={6}>
          <Stat title={t('benefits.payments.paid')} value={fmt.num.format(b.paidCount)} sub={fmt.yuan(b.paidFen)} tone="success" testId="batch-paid" />
        </Col>
        <Col xs={12} md={6}>
          <Stat title={t('benefits.payments.failed')} value={fmt.num.format(b.failedCount)} tone={b.failedCount ? 'danger' : undefined} testId="batch-failed" />
        </Col>
        <Col xs={12} md={6}>
          <Stat title={t('benefits.payments.pending')} value={fmt.num.format(b.pendingCount)} testId="batch-pending" />
        </Col>
      </Row>

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={12}>
          <ApprovalCard batch={b} userId={user?.id} canApprove={can('payment.approve')} onApproved={setBatch} />
        </Col>
        <Col xs={24} lg={12}>
          <BankFileCard batch={b} canExport={can('payment.prepare')} onExported={reload} />
        </Col>
        {can('payment.prepare') && (
          <Col xs={24}>
            <ReconcileCard batch={b} onDone={reload} />
          </Col>
        )}
      </Row>

      <Card
        size="small"
        title={t('benefits.batch.lines')}
        style={{ marginBottom: 16 }}
        extra={
          <Segmented
            size="small"
            value={lineStatus ?? 'all'}
            onChange={(v) => setParam({ lines: v === 'all' ? null : String(v), page: null })}
            options={[
              { value: 'all', label: t('benefits.batch.allLines') },
              ...(['pending', 'paid', 'failed'] as const).map((s) => ({ value: s, label: t(`benefits.lineStatus.${s}`) })),
            ]}
          />
        }
      >
        {user?.role === 'district_officer' && <Alert type="info" showIcon title={t('benefits.batch.districtLinesOnly')} style={{ marginBottom: 12 }} />}
        <div data-testid="batch-lines">
          <Table<PaymentLine>
            rowKey="id"
            size="small"
            columns={lineColumns}
            dataSource={d.lines.items}
            loading={loading}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: d.lines.page,
              pageSize: d.lines.pageSize,
              total: d.lines.total,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showTotal: (total) => t('common.total', { total }),
              onChange: (p, ps) => setParam({ page: p > 1 && ps === pageSize ? String(p) : null, pageSize: ps !== 50 ? String(ps) : null }),
            }}
          />
        </div>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('benefits.batch.events')}>
            <Timeline
              style={{ marginTop: 8, marginBottom: -16 }}
              items={d.events.map((e) => ({
                key: e.id,
                color: e.action === 'reconciled' ? 'green' : 'blue',
                content: (
                  <>
                    <div>
                      {dyn(`benefits.batch.eventAction.${e.action}`, e.action)}
                      {e.actor && <Typography.Text type="secondary"> · {e.actor}</Typography.Text>}
                    </div>
                    <Typography.Text type="secondary" className="hm-num" style={{ fontSize: 12 }}>
                      {formatDateTime(e.at)}
                    </Typography.Text>
                  </>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('benefits.batch.files')}>
            {d.reconciliationFiles.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="reconciliation-files">
                {d.reconciliationFiles.map((f) => (
                  <div key={f.id}>
                    <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
                      {f.fileName}
                    </Typography.Text>
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                        {t('benefits.batch.fileCounts', { paid: f.paid, failed: f.failed, unchanged: f.unchanged })} · {formatDateTime(f.importedAt)}
                      </Typography.Text>
                    </div>
                    <Typography.Text type="secondary" className="hm-mono" style={{ fontSize: 11, whiteSpace: 'normal', wordBreak: 'break-all' }}>
                      SHA-256 {f.sha256}
                    </Typography.Text>
                  </div>
                ))}
              </Space>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function Stat({ title, value, sub, tone, testId }: { title: ReactNode; value: ReactNode; sub?: ReactNode; tone?: 'success' | 'danger' | undefined; testId?: string }) {
  return (
    <Card size="small" style={{ height: '100%' }} data-testid={testId}>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {title}
      </Typography.Text>
      <div className="hm-num" style={{ fontSize: 22, fontWeight: 500, marginTop: 2 }}>
        <Typography.Text type={tone} style={{ fontSize: 'inherit' }}>
          {value}
        </Typography.Text>
      </div>
      {sub && (
        <Typography.Text type="secondary" className="hm-num" style={{ fontSize: 13, overflowWrap: 'anywhere' }}>
          {sub}
        </Typography.Text>
      )}
    </Card>
  );
}

/** Four eyes: whoever prepared the batch may not approve it. The server and the database refuse it too. */
function ApprovalCard({ batch: b, userId, canApprove, onApproved }: { batch: PaymentBatch; userId: number | undefined; canApprove: boolean; onApproved: (b: PaymentBatch) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const isPreparer = userId !== undefined && userId === b.createdBy.id;
  const approve = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<{ batch: PaymentBatch }>(`/api/payment-batches/${b.id}/approve`);
      onApproved(res.batch);
      setConfirming(false);
      void message.success(t('benefits.batch.approved'));
    } catch (e) {
      setError(e);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };
  const name = (x: { id: number; name: string | null }) => x.name ?? `#${x.id}`;
  return (
    <Card
      size="small"
      style={{ height: '100%' }}
      title={
        <Space size={6}>
          <TeamOutlined />
          {t('benefits.batch.fourEyes')}
        </Space>
      }
      data-testid="approval-card"
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <div data-testid="prepared-by">
          <CheckOutlined style={{ color: '#389e0d' }} /> {t('benefits.batch.preparedBy', { name: name(b.createdBy), at: formatDateTime(b.createdAt) })}
        </div>
        <div data-testid="approved-by">
          {b.approvedBy ? (
            <>
              <CheckOutlined style={{ color: '#389e0d' }} /> {t('benefits.batch.approvedBy', { name: name(b.approvedBy), at: formatDateTime(b.approvedAt) })}
            </>
          ) : (
            <Typography.Text type="warning">{t('benefits.batch.awaitingApproval')}</Typography.Text>
          )}
        </div>
        {b.status === 'draft' && canApprove && (
          <>
            {isPreparer && <Alert type="warning" showIcon data-testid="four-eyes-notice" title={t('benefits.batch.selfPrepared')} />}
            <Tooltip title={isPreparer ? t('benefits.batch.selfPrepared') : undefined}>
              <Button type="primary" icon={<SafetyCertificateOutlined />} disabled={isPreparer} onClick={() => setConfirming(true)} data-testid="approve-button">
                {t('benefits.batch.approve')}
              </Button>
            </Tooltip>
          </>
        )}
        {b.status === 'draft' && !canApprove && <Typography.Text type="secondary">{t('benefits.batch.noApprovePermission')}</Typography.Text>}
        {error !== null && <ErrorAlert error={error} testId="approve-error" />}
      </Space>
      <Modal
        open={confirming}
        title={t('benefits.batch.approveConfirmTitle', { id: b.id })}
        onCancel={() => setConfirming(false)}
        onOk={approve}
        okText={t('benefits.batch.approve')}
        okButtonProps={{ loading: busy }}
        cancelText={t('common.cancel')}
      >
        {t('benefits.batch.approveConfirm', { count: b.lineCount, amount: formatFen(b.totalFen) })}
      </Modal>
    </Card>
  );
}

type ErrorBodyOf = ConstructorParameters<typeof ApiError>[1];

/** Fetches the bank file with the session cookie and saves it; the first export marks the batch exported. */
async function downloadBankFile(id: number): Promise<{ fileName: string; sha256: string | null }> {
  let res: Response;
  try {
    res = await fetch(`/api/payment-batches/${id}/bank-file`, { credentials: 'same-origin', headers: { accept: 'text/csv, application/json' } });
  } catch {
    throw new ApiError(0, undefined, { zh: '无法连接服务器,请检查网络后重试', en: 'Cannot reach the server; check the network and try again' });
  }
  if (!res.ok) {
    let body: { error?: ErrorBodyOf } | undefined;
    try {
      body = (await res.json()) as { error?: ErrorBodyOf };
    } catch {
      body = undefined;
    }
    throw new ApiError(res.status, body?.error, { zh: `下载失败(HTTP ${res.status})`, en: `Download failed (HTTP ${res.status})` });
  }
  const blob = await res.blob();
  const fileName = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `HM${id}.csv`;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { fileName, sha256: res.headers.get('x-file-sha256') };
}

function BankFileCard({ batch: b, canExport, onExported }: { batch: PaymentBatch; canExport: boolean; onExported: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sha, setSha] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const f = await downloadBankFile(b.id);
      setSha(f.sha256);
      void message.success(t('benefits.batch.downloaded', { file: f.fileName }));
      onExported();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const fileSha = b.fileSha256 ?? sha;
  return (
    <Card size="small" style={{ height: '100%' }} title={t('benefits.batch.bankFile')} data-testid="bank-file-card">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text data-testid="bank-file-summary">
          {b.fileName ?? `HM${b.id}.csv`} · {t('benefits.batch.bankFileSummary', { count: b.lineCount, amount: formatFen(b.totalFen) })}
        </Typography.Text>
        {b.status === 'draft' ? (
          <Typography.Text type="secondary">{t('benefits.batch.bankFileAfterApproval')}</Typography.Text>
        ) : canExport ? (
          <>
            <Button type="primary" icon={<DownloadOutlined />} onClick={download} loading={busy} data-testid="bank-file-download">
              {t('benefits.batch.download')}
            </Button>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <SafetyCertificateOutlined /> {t('benefits.batch.bankFileAudited')}
            </Typography.Text>
          </>
        ) : null}
        {fileSha && (
          <Typography.Text type="secondary" className="hm-mono" style={{ fontSize: 11, whiteSpace: 'normal', wordBreak: 'break-all' }} data-testid="bank-file-sha">
            {t('benefits.batch.fileSha256')} {fileSha}
          </Typography.Text>
        )}
        {error !== null && <ErrorAlert error={error} />}
      </Space>
    </Card>
  );
}

function ReconcileCard({ batch: b, onDone }: { batch: PaymentBatch; onDone: () => void }) {
  const { t, bi } = useI18n();
  const screens = Grid.useBreakpoint();
  const [tab, setTab] = useState<'file' | 'paste'>('file');
  const [file, setFile] = useState<{ uid: string; name: string; text: string } | null>(null);
  const [pasted, setPasted] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<ReconciliationResult | null>(null);
  const ready = b.status === 'exported' || b.status === 'reconciled';

  const submit = async () => {
    const content = tab === 'file' ? file?.text : pasted;
    const fileName = tab === 'file' ? file?.name : `result-HM${b.id}-pasted.csv`;
    if (!content?.trim()) {
      setError(new Error(t('benefits.batch.contentRequired')));
      return;
    }
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const res = await request<ReconciliationResult>(`/api/payment-batches/${b.id}/reconciliation`, { method: 'POST', query: { fileName }, raw: content, contentType: 'text/csv' });
      setResult(res);
      setFile(null);
      setPasted('');
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('benefits.batch.reconcile')} data-testid="reconcile-card">
      {!ready ? (
        <Typography.Text type="secondary">{t('benefits.batch.reconcileAfterExport')}</Typography.Text>
      ) : (
        <Row gutter={[16, 12]}>
          <Col xs={24} lg={result || error !== null ? 14 : 24}>
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
              {t('benefits.batch.reconcileHelp')}
            </Typography.Paragraph>
            <Tabs
              size="small"
              activeKey={tab}
              onChange={(k) => setTab(k as 'file' | 'paste')}
              items={[
                {
                  key: 'file',
                  label: t('benefits.batch.fileTab'),
                  children: (
                    <Upload.Dragger
                      accept=".csv,.txt,text/csv"
                      multiple={false}
                      maxCount={1}
                      data-testid="reconcile-file"
                      fileList={file ? [{ uid: file.uid, name: file.name, status: 'done' }] : []}
                      beforeUpload={(f) => {
                        f.text()
                          .then((text) => {
                            setFile({ uid: f.uid, name: f.name, text });
                            setError(null);
                          })
                          .catch(() => setError(new Error(t('benefits.batch.readFailed'))));
                        return false; // read here and sent with the button, not uploaded on selection
                      }}
                      onRemove={() => setFile(null)}
                    >
                      <p className="ant-upload-drag-icon">
                        <InboxOutlined />
                      </p>
                      <p className="ant-upload-text">{t('benefits.batch.chooseFile')}</p>
                    </Upload.Dragger>
                  ),
                },
                {
                  key: 'paste',
                  label: t('benefits.batch.pasteTab'),
                  children: (
                    <Input.TextArea
                      value={pasted}
                      onChange={(e) => setPasted(e.target.value)}
                      autoSize={{ minRows: 5, maxRows: 14 }}
                      placeholder={t('benefits.batch.pastePlaceholder')}
                      className="hm-mono"
                      spellCheck={false}
                      aria-label={t('benefits.batch.orPaste')}
                      data-testid="reconcile-paste"
                    />
                  ),
                },
              ]}
            />
            <Button type="primary" icon={<UploadOutlined />} onClick={submit} loading={busy} style={{ marginTop: 12 }} block={!screens.md} data-testid="reconcile-submit">
              {t('benefits.batch.submit')}
            </Button>
          </Col>
          <Col xs={24} lg={result || error !== null ? 10 : 0}>
            {error !== null && <ErrorAlert error={error} testId="reconcile-error" />}
            {result && (
              <Alert
                type={result.changed ? 'success' : 'info'}
                showIcon
                data-testid="reconcile-result"
                title={
                  <Space wrap size={6}>
                    {bi(result.message)}
                    {result.file.alreadyImported && <Tag color="orange">{t('benefits.batch.alreadyImported')}</Tag>}
                  </Space>
                }
                description={
                  <Row gutter={8} style={{ marginTop: 8 }}>
                    {(
                      [
                        ['paid', t('benefits.batch.resultPaid'), result.paid, 'success'],
                        ['failed', t('benefits.batch.resultFailed'), result.failed, 'danger'],
                        ['unchanged', t('benefits.batch.resultUnchanged'), result.unchanged, undefined],
                      ] as const
                    ).map(([key, label, n, tone]) => (
                      <Col span={8} key={key}>
                        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                          {label}
                        </Typography.Text>
                        <Typography.Text type={n > 0 ? tone : undefined} className="hm-num" style={{ fontSize: 20 }} data-testid={`reconcile-${key}`}>
                          {n}
                        </Typography.Text>
                      </Col>
                    ))}
                  </Row>
                }
              />
            )}
          </Col>
        </Row>
      )}
    </Card>
  );
}
