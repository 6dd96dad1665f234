// 查询办理进度 at /track and /track/:code, without an account: the tracking code gives the kind, the
// state, the outcome and the dates (never the officer or the notes); a closed case can be rated once,
// and reopened within the kind's limit in working days. Only /api/public/… is called.
import { CloseOutlined, FileSearchOutlined, HistoryOutlined, ReloadOutlined, SearchOutlined, SmileOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Rate, Skeleton, Space, Steps, Tag, Typography, theme } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../../shared/api';
import { ErrorAlert } from '../../../shared/ErrorAlert';
import { useI18n } from '../../../shared/i18n';
import { useApi } from '../../../shared/useApi';
import { forgetTrackingCode, formatTrackingCode, recentTrackingCodes, rememberTrackingCode, TRACKING_RE, type TrackingView } from './lead';
import { PublicCaseShell } from './PublicCaseShell';

const STARS = ['1', '2', '3', '4', '5'] as const;
const COMMENT_MAX = 500;
const REASON_MAX = 1000;

export default function TrackCasePage() {
  const { code: param } = useParams();
  const code = param ? formatTrackingCode(param) : '';
  const valid = TRACKING_RE.test(code);
  const view = useApi<TrackingView>(valid ? `/api/public/cases/${code}` : null);
  const [recent, setRecent] = useState(recentTrackingCodes);

  useEffect(() => {
    if (view.data) {
      rememberTrackingCode(view.data.trackingCode);
      setRecent(recentTrackingCodes());
    }
  }, [view.data]);

  const shown = view.data && view.data.trackingCode === code ? view.data : undefined;

  return (
    <PublicCaseShell testId="track-page">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <CodeSearch
          key={code}
          initial={code}
          badParam={!!param && !valid}
          recent={recent}
          onForget={(c) => {
            forgetTrackingCode(c);
            setRecent(recentTrackingCodes());
          }}
        />
        {valid && view.error !== undefined && !view.loading && <TrackError error={view.error} onRetry={view.reload} />}
        {valid && !shown && view.loading && (
          <Card size="small">
            <Skeleton active paragraph={{ rows: 4 }} />
          </Card>
        )}
        {shown && <CaseStatus view={shown} loading={view.loading} onChange={view.setData} onRefresh={view.reload} />}
      </Space>
    </PublicCaseShell>
  );
}

/** The code box: typed letters are grouped as XXXX-XXXX-XXXX; the recent codes of this device below. */
function CodeSearch({ initial, badParam, recent, onForget }: { initial: string; badParam: boolean; recent: string[]; onForget: (code: string) => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ code: string }>();
  const others = recent.filter((c) => c !== initial);

  useEffect(() => {
    if (badParam) form.setFields([{ name: 'code', value: initial, errors: [t('casesPublic.track.codeBad')] }]);
  }, [badParam, initial, form, t]);

  return (
    <Card size="small" styles={{ body: { padding: 14 } }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('casesPublic.track.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: '4px 0 12px' }}>
        {t('casesPublic.track.intro')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ code: initial }} onFinish={(v) => navigate(`/track/${formatTrackingCode(v.code)}`)} requiredMark={false}>
        <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
          <Form.Item
            name="code"
            aria-label={t('casesPublic.track.code')}
            normalize={(v: unknown) => (typeof v === 'string' ? formatTrackingCode(v) : v)}
            rules={[
              { required: true, message: t('casesPublic.track.codeRequired') },
              { pattern: TRACKING_RE, message: t('casesPublic.track.codeBad') },
            ]}
            style={{ flex: 1, minWidth: 0, marginBottom: 0 }}
          >
            <Input
              size="large"
              className="hm-mono"
              autoCapitalize="characters"
              autoComplete="off"
              spellCheck={false}
              maxLength={14}
              prefix={<FileSearchOutlined />}
              placeholder={t('casesPublic.track.codePlaceholder')}
              aria-label={t('casesPublic.track.code')}
              data-testid="track-code-input"
            />
          </Form.Item>
          <Button type="primary" size="large" htmlType="submit" icon={<SearchOutlined />} data-testid="track-code-submit">
            {t('casesPublic.track.search')}
          </Button>
        </div>
      </Form>
      {others.length > 0 && (
        <div style={{ marginTop: 12 }} data-testid="track-recent">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <HistoryOutlined /> {t('casesPublic.track.recent')}
          </Typography.Text>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, marginTop: 6 }}>
            {others.map((c) => (
              <Tag
                key={c}
                className="hm-mono"
                style={{ cursor: 'pointer', fontSize: 13, padding: '2px 8px', marginInlineEnd: 0 }}
                closable
                closeIcon={<CloseOutlined aria-label={t('casesPublic.track.forget')} />}
                onClose={(e) => {
                  e.preventDefault();
                  onForget(c);
                }}
                onClick={() => navigate(`/track/${c}`)}
              >
                {c}
              </Tag>
            ))}
          </div>
        </div>
      )}
    </Card>
  );
}

function TrackError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  if (error instanceof ApiError && error.code === 'NOT_FOUND') return <Alert type="warning" showIcon title={error.localized() || t('casesPublic.track.notFound')} data-testid="track-not-found" />;
  return (
    <div>
      <ErrorAlert error={error} />
      <Button icon={<ReloadOutlined />} onClick={onRetry} style={{ marginTop: 8 }}>
        {t('common.retry')}
      </Button>
    </div>
  );
}

/** One case as its reporter sees it. */
function CaseStatus({ view, loading, onChange, onRefresh }: { view: TrackingView; loading: boolean; onChange: (v: TrackingView) => void; onRefresh: () => void }) {
  const { t, bi } = useI18n();
  const { token } = theme.useToken();
  const [justRated, setJustRated] = useState(false);
  const [justReopened, setJustReopened] = useState(false);
  const final = view.final;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', opacity: loading ? 0.6 : 1 }} aria-busy={loading}>
      <Card size="small" styles={{ body: { padding: 14 } }} data-testid="track-result" data-state={view.state} data-final={String(final)}>
        <div style={{ display: 'flex', alignItems: 'flex-start', gap: 8 }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('casesPublic.track.kind')}
            </Typography.Text>
            <Typography.Title level={5} style={{ margin: 0 }} data-testid="track-kind">
              {bi(view.kindLabel)}
            </Typography.Title>
            <Typography.Text className="hm-mono" type="secondary" style={{ fontSize: 13 }}>
              {view.trackingCode}
            </Typography.Text>
          </div>
          <Tag color={final ? 'success' : view.state === 'received' ? 'default' : 'processing'} style={{ fontSize: 14, padding: '4px 10px', marginInlineEnd: 0 }} data-testid="track-state">
            {bi(view.stateLabel)}
          </Tag>
        </div>

        <Steps
          size="small"
          responsive={false}
          titlePlacement="vertical"
          current={final ? 2 : 1}
          status={final ? 'finish' : 'process'}
          style={{ margin: '16px 0 8px' }}
          items={[
            { title: t('casesPublic.track.progress.reported'), content: view.openedOn },
            { title: final ? t('casesPublic.track.progress.handling') : bi(view.stateLabel) },
            { title: t('casesPublic.track.progress.closed'), content: view.closedOn ?? undefined },
          ]}
        />

        {view.conclusionLabel && (
          <div style={{ marginTop: 8, padding: '10px 12px', background: token.colorSuccessBg, border: `1px solid ${token.colorSuccessBorder}`, borderRadius: token.borderRadius }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('casesPublic.track.conclusion')}
            </Typography.Text>
            <div>
              <Typography.Text strong style={{ fontSize: 15 }} data-testid="track-conclusion">
                {bi(view.conclusionLabel)}
              </Typography.Text>
            </div>
          </div>
        )}
        {view.reopened && (
          <Tag color="orange" style={{ marginTop: 4 }}>
            {t('casesPublic.track.reopened')}
          </Tag>
        )}

        {!final && (
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 12 }}
            title={t('casesPublic.track.waiting')}
            action={
              <Button size="small" icon={<ReloadOutlined />} onClick={onRefresh} loading={loading} aria-label={t('casesPublic.track.refresh')}>
                {t('casesPublic.track.refresh')}
              </Button>
            }
          />
        )}
        {justReopened && <Alert type="success" showIcon style={{ marginTop: 12 }} title={t('casesPublic.track.reopenDone')} data-testid="reopen-done" />}
      </Card>

      {view.canRate && (
        <RateCard
          view={view}
          onRated={(v) => {
            setJustRated(true);
            onChange(v);
          }}
        />
      )}
      {view.rating !== null && (
        <Card size="small" styles={{ body: { padding: 14, textAlign: 'center' } }} data-testid="track-rating" data-score={view.rating}>
          {justRated && (
            <div data-testid="rating-thanks" style={{ marginBottom: 4 }}>
              <SmileOutlined style={{ fontSize: 32, color: token.colorSuccess }} />
              <Typography.Title level={5} style={{ margin: '6px 0 0' }}>
                {t('casesPublic.track.thanks')}
              </Typography.Title>
            </div>
          )}
          <Typography.Text type="secondary">{t('casesPublic.track.yourRating', { label: t(`casesPublic.track.stars.${String(view.rating) as (typeof STARS)[number]}`) })}</Typography.Text>
          <div>
            <Rate disabled value={view.rating} style={{ fontSize: 28 }} />
          </div>
        </Card>
      )}

      {view.canReopen && (
        <ReopenCard
          view={view}
          onReopened={(v) => {
            setJustReopened(true);
            setJustRated(false);
            onChange(v);
          }}
        />
      )}
      {final && !view.canReopen && view.reopenUntilDays !== null && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('casesPublic.track.reopenClosedWindow', { days: view.reopenUntilDays })}
        </Typography.Text>
      )}

      <Typography.Paragraph type="secondary" style={{ fontSize: 12, textAlign: 'center', margin: 0 }}>
        {t('casesPublic.track.privacy')}
      </Typography.Paragraph>
    </Space>
  );
}

/** 1 to 5 stars and an optional comment, once per closure. */
function RateCard({ view, onRated }: { view: TrackingView; onRated: (v: TrackingView) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ score?: number; comment?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const score = Form.useWatch('score', form);

  const submit = async (v: { score?: number; comment?: string }) => {
    setBusy(true);
    setError(null);
    try {
      const comment = v.comment?.trim();
      onRated(await api.post<TrackingView>(`/api/public/cases/${view.trackingCode}/rating`, { score: v.score, ...(comment ? { comment } : {}) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('casesPublic.track.rateTitle')} styles={{ body: { padding: 14 } }} data-testid="rate-card">
      <Typography.Paragraph style={{ marginBottom: 8 }}>{t('casesPublic.track.rateIntro')}</Typography.Paragraph>
      {error !== null && <ErrorAlert error={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
        <Form.Item name="score" label={t('casesPublic.track.score')} rules={[{ required: true, message: t('casesPublic.track.scoreRequired') }]} style={{ marginBottom: 8 }}>
          <Rate style={{ fontSize: 36 }} tooltips={STARS.map((s) => t(`casesPublic.track.stars.${s}`))} data-testid="rate-score" aria-label={t('casesPublic.track.score')} />
        </Form.Item>
        <div style={{ minHeight: 22, marginBottom: 8 }}>
          {score ? <Typography.Text strong>{t(`casesPublic.track.stars.${String(score) as (typeof STARS)[number]}`)}</Typography.Text> : null}
        </div>
        <Form.Item name="comment" label={t('casesPublic.track.comment')} rules={[{ max: COMMENT_MAX, message: t('casesPublic.track.commentMax') }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={COMMENT_MAX} showCount placeholder={t('casesPublic.track.commentPlaceholder')} data-testid="rate-comment" />
        </Form.Item>
        <Button type="primary" size="large" block htmlType="submit" loading={busy} data-testid="rate-submit">
          {t('casesPublic.track.rateSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

/** "Not satisfied: reopen", with a reason, within the kind's limit in working days. */
function ReopenCard({ view, onReopened }: { view: TrackingView; onReopened: (v: TrackingView) => void }) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const send = async (v: { reason: string }) => {
    setBusy(true);
    setError(null);
    try {
      onReopened(await api.post<TrackingView>(`/api/public/cases/${view.trackingCode}/reopen`, { reason: v.reason.trim() }));
      setOpen(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" styles={{ body: { padding: 14 } }} data-testid="reopen-card">
      <Typography.Text strong>{t('casesPublic.track.reopenTitle')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: '4px 0 8px' }}>
        {view.reopenUntilDays !== null ? t('casesPublic.track.reopenIntro', { days: view.reopenUntilDays }) : t('casesPublic.track.reopenIntroNoDays')}
      </Typography.Paragraph>
      {!open ? (
        <Button block onClick={() => setOpen(true)} data-testid="reopen-open">
          {t('casesPublic.track.reopenOpen')}
        </Button>
      ) : (
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(v) =>
            modal.confirm({
              title: t('casesPublic.track.reopenOpen'),
              content: v.reason.trim(),
              okText: t('casesPublic.track.reopenSubmit'),
              cancelText: t('common.cancel'),
              onOk: () => send(v),
            })
          }
        >
          {error !== null && <ErrorAlert error={error} style={{ marginBottom: 12 }} />}
          <Form.Item
            name="reason"
            label={t('casesPublic.track.reason')}
            rules={[
              { required: true, whitespace: true, message: t('casesPublic.track.reasonBad') },
              { min: 2, max: REASON_MAX, message: t('casesPublic.track.reasonBad') },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={REASON_MAX} showCount placeholder={t('casesPublic.track.reasonPlaceholder')} data-testid="reopen-reason" />
          </Form.Item>
          <div style={{ display: 'flex', gap: 8 }}>
            <Button size="large" onClick={() => setOpen(false)} style={{ flex: 1 }}>
              {t('common.cancel')}
            </Button>
            <Button size="large" danger type="primary" htmlType="submit" loading={busy} style={{ flex: 2 }} data-testid="reopen-submit">
              {t('casesPublic.track.reopenSubmit')}
            </Button>
          </div>
        </Form>
      )}
    </Card>
  );
}
