// One submission: its values against last month's, what the checks found, its history, and — for
// approvers — approve or return (a comment is required to return). Every action carries the version
// the page was loaded with; if someone else changed the submission meanwhile the server answers 409
// and the page asks to reload.
import { ArrowLeftOutlined, CheckOutlined, EditOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Modal, Row, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { LoadError, NotFoundResult } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { ErrorAlert, FindingCounts, FindingsList, PageHeader, SubmissionStatusTag, planLink, usePeriodLabel } from './common';
import { SubmissionValuesTable, valuesOf } from './SubmissionValues';
import type { SubmissionDetail } from './types';

type Action = 'approve' | 'return';
const EVENT_COLOR: Record<SubmissionDetail['events'][number]['action'], string> = { saved: 'gray', submitted: 'blue', approved: 'green', returned: 'red' };

export default function PlanSubmissionDetailPage() {
  const { id = '' } = useParams();
  const { t, bi } = useI18n();
  const { message } = App.useApp();
  const periods = usePeriodLabel();
  const valid = /^[1-9]\d{0,15}$/.test(id);
  const detail = useApi<SubmissionDetail>(valid ? `/api/submissions/${id}` : null);
  const s = detail.data && String(detail.data.id) === id ? detail.data : undefined;
  const [action, setAction] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ comment?: string }>();

  if (!valid) return <NotFoundResult />;
  if (detail.error && !s) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!s) return <Skeleton active paragraph={{ rows: 12 }} />;

  const reload = () => {
    setError(null);
    detail.reload();
  };

  /** Applies the server's answer when it is the submission, else loads it again. */
  const accept = (r: unknown) => {
    if (r && typeof r === 'object' && 'id' in r && 'rows' in r) detail.setData(r as SubmissionDetail);
    else detail.reload();
  };

  const run = async (path: string, body: Record<string, unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      accept(await api.post<unknown>(path, { version: s.version, ...body }));
      void message.success(done);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!action) return;
    const v = await form.validateFields();
    const comment = v.comment?.trim();
    if (action === 'approve') await run(`/api/submissions/${s.id}/approve`, comment ? { comment } : {}, t('plan.detail.approved'));
    else await run(`/api/submissions/${s.id}/return`, { comment }, t('plan.detail.returned'));
    // Success or failure, the dialog closes: the page shows the new state or the error (a 409 asks to reload).
    setAction(null);
  };

  const errors = s.findings.filter((f) => f.severity === 'error').length;
  const canDecide = s.canApprove && s.status === 'submitted';
  const canSubmit = s.canEdit && (s.status === 'draft' || s.status === 'returned');
  const formLink = planLink('/plan/submissions/new', s.year, s.period, { org: s.orgCode, department: s.departmentCode });

  const actions = (
    <Space wrap>
      {s.canEdit && (
        <Link to={formLink}>
          <Button icon={<EditOutlined />} data-testid="submission-edit">
            {t('plan.detail.edit')}
          </Button>
        </Link>
      )}
      {canSubmit && (
        <Button
          type="primary"
          icon={<SendOutlined />}
          loading={busy}
          disabled={errors > 0}
          title={errors > 0 ? t('plan.form.fixErrors', { n: errors }) : undefined}
          onClick={() => void run(`/api/submissions/${s.id}/submit`, {}, t('plan.form.submitted'))}
          data-testid="submission-submit"
        >
          {t('plan.form.submit')}
        </Button>
      )}
      {canDecide && (
        <>
          <Button danger icon={<RollbackOutlined />} onClick={() => setAction('return')} disabled={busy} data-testid="submission-return">
            {t('plan.detail.return')}
          </Button>
          <Button type="primary" icon={<CheckOutlined />} onClick={() => setAction('approve')} disabled={busy} data-testid="submission-approve">
            {t('plan.detail.approve')}
          </Button>
        </>
      )}
    </Space>
  );

  return (
    <div data-testid="plan-submission-detail" data-status={s.status} data-version={s.version}>
      <Link to={planLink('/plan/submissions', s.year, s.period)} style={{ display: 'inline-block', marginBottom: 12 }}>
        <ArrowLeftOutlined /> {t('plan.form.back')}
      </Link>
      <PageHeader
        title={
          <Space wrap size={8}>
            <span>{t('plan.detail.title', { id: s.id })}</span>
            <SubmissionStatusTag status={s.status} />
            {s.late && <Tag color="red">{t('plan.submissions.late')}</Tag>}
          </Space>
        }
        extra={actions}
      />
      {error !== null && <ErrorAlert error={error} onReload={reload} style={{ marginBottom: 16 }} />}
      {canSubmit && errors > 0 && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('plan.form.fixErrors', { n: errors })} />}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          className="hm-stack"
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'unit', label: t('plan.form.org'), children: s.orgName },
            { key: 'dept', label: t('plan.form.department'), children: bi(s.departmentName) },
            { key: 'period', label: t('plan.fields.period'), children: <span className="hm-num">{periods.long(s.period)}</span> },
            { key: 'due', label: t('plan.submissions.dueOn'), children: <span className="hm-num">{s.dueOn}</span> },
            {
              key: 'submitted',
              label: t('plan.submissions.submitted'),
              children: s.submittedAt ? `${s.submittedBy ?? ''} ${formatDateTime(s.submittedAt)}` : t('common.none'),
            },
            {
              key: 'reviewed',
              label: t('plan.submissions.reviewed'),
              children: s.reviewedAt ? `${s.reviewedBy ?? ''} ${formatDateTime(s.reviewedAt)}` : t('common.none'),
            },
            ...(s.reviewComment ? [{ key: 'comment', label: t('plan.detail.reviewComment'), span: 'filled' as const, children: s.reviewComment }] : []),
            { key: 'version', label: t('plan.detail.version'), children: <span className="hm-num">{s.version}</span> },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('plan.findings.title')} extra={<FindingCounts findings={s.findings} />} style={{ marginBottom: 16 }}>
            <FindingsList findings={s.findings} rows={s.rows} />
          </Card>
          <Card size="small" title={t('plan.form.rows', { n: s.rows.length })}>
            <SubmissionValuesTable rows={s.rows} values={valuesOf(s.rows)} findings={s.findings} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('plan.detail.history')} data-testid="submission-events">
            {s.events.length === 0 ? (
              <Typography.Text type="secondary">{t('plan.detail.noEvents')}</Typography.Text>
            ) : (
              <Timeline
                items={s.events.map((e, i) => ({
                  key: i,
                  color: EVENT_COLOR[e.action],
                  content: (
                    <div>
                      <strong>{t(`plan.submissionEvent.${e.action}`)}</strong>
                      <Typography.Text type="secondary"> · {e.actor ?? t('plan.detail.system')}</Typography.Text>
                      <div className="hm-num" style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
                        {formatDateTime(e.at)}
                      </div>
                      {/* The server marks a submission after its due date with the comment "late". */}
                      {e.comment === 'late' && e.action === 'submitted' ? (
                        <Tag color="red">{t('plan.submissions.late')}</Tag>
                      ) : (
                        e.comment && <div style={{ whiteSpace: 'pre-wrap' }}>「{e.comment}」</div>
                      )}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
      <Modal
        open={action !== null}
        title={action === 'return' ? t('plan.detail.returnTitle') : t('plan.detail.approveTitle')}
        onCancel={() => setAction(null)}
        onOk={() => void confirm().catch(() => undefined)}
        okText={action === 'return' ? t('plan.detail.return') : t('plan.detail.approve')}
        okButtonProps={{ danger: action === 'return', 'data-testid': 'decision-confirm' }}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{action === 'return' ? t('plan.detail.returnHint') : t('plan.detail.approveHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="comment"
            label={t('plan.detail.comment')}
            rules={action === 'return' ? [{ required: true, whitespace: true, message: t('plan.detail.commentRequired') }] : []}
          >
            <Input.TextArea data-testid="decision-comment" rows={4} maxLength={1000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
