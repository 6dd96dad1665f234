// One case for staff: its state, deadline and flags; what was reported, in the kind's own field
// labels; the reporter (masked by the server); the history of events; attachments; linked leads
// about the same employer and period; and the actions the server allows this user now.
import { ArrowLeftOutlined, DownloadOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Descriptions, Empty, Grid, Row, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useAuth } from '../../shared/auth';
import { formatDateTime } from '../../shared/format';
import { ItemList } from '../../shared/ItemList';
import { useI18n } from '../../shared/i18n';
import { LoadError, NotFoundResult } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { CaseActions, UploadButton, useAttachmentUpload } from './CaseActions';
import { CaseErrorAlert, CaseFlags, DueCell, formatBytes, PageHeader, StateTag, useDepartments, useDivisionNames, useFieldText } from './common';
import type { CaseDetail, CaseEventAction, LinkedCase, TimelineEntry } from './types';

export default function CaseDetailPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const valid = !!id && /^\d+$/.test(id);
  const detail = useApi<CaseDetail>(valid ? `/api/cases/${id}` : null);
  const c = detail.data && String(detail.data.id) === id ? detail.data : undefined;

  if (!valid) return <NotFoundResult message={t('cases.detail.notFound')} />;
  if (detail.error && !c) return <LoadError error={detail.error} onRetry={detail.reload} notFoundMessage={t('cases.detail.notFound')} />;
  if (!c) return <Skeleton active paragraph={{ rows: 12 }} />;
  return <CaseView c={c} reload={detail.reload} reloadError={detail.error} />;
}

function CaseView({ c, reload, reloadError }: { c: CaseDetail; reload: () => void; reloadError: unknown }) {
  const { t, bi } = useI18n();
  const screens = Grid.useBreakpoint();
  const wide = screens.lg !== false;
  const kind = c.kindDefinition;
  const fieldText = useFieldText();
  const departments = useDepartments();
  const names = useDivisionNames([...(c.pendingTransfer ? [c.pendingTransfer.toOrg] : []), ...c.timeline.flatMap((e) => ['toOrg', 'byOrg', 'orgCode'].map((k) => e.payload[k]).filter((v): v is string => typeof v === 'string'))]);
  const transitionLabel = (action: string) => bi(kind.transitions.find((x) => x.action === action)?.label, action);
  const stateLabel = (code: string) => bi(kind.states.find((s) => s.code === code)?.label, code);

  const actions = (
    <Card size="small" title={t('cases.detail.actions')} style={{ marginBottom: 16 }} data-testid="case-actions-card">
      <CaseActions c={c} reload={reload} />
    </Card>
  );

  const summary: { key: string; label: ReactNode; children: ReactNode; span?: number }[] = [
    { key: 'code', label: t('cases.common.trackingCode'), children: <Typography.Text className="hm-mono" copyable data-testid="case-tracking-code">{c.trackingCode}</Typography.Text> },
    { key: 'kind', label: t('cases.detail.kind'), children: bi(c.kindLabel) },
    {
      key: 'state',
      label: t('cases.common.state'),
      children: (
        <Space size={[6, 4]} wrap>
          <StateTag label={c.stateLabel} final={c.final} />
          <CaseFlags c={c} />
        </Space>
      ),
    },
    { key: 'due', label: c.final ? t('cases.detail.closed') : t('cases.detail.due'), children: c.final ? <span className="hm-num">{formatDateTime(c.closedAt)}</span> : <DueCell c={c} /> },
    { key: 'org', label: t('cases.common.org'), children: c.orgName ?? c.orgCode },
    { key: 'department', label: t('cases.common.department'), children: departments.name(c.departmentCode) },
    { key: 'source', label: t('cases.detail.source'), children: t(`cases.source.${c.source}`) },
    { key: 'opened', label: t('cases.detail.opened'), children: <span className="hm-num">{formatDateTime(c.openedAt)}</span> },
  ];
  if (!c.final && c.warnOn) summary.push({ key: 'warn', label: t('cases.detail.warnOn'), children: <span className="hm-num">{c.warnOn}</span> });
  if (c.conclusionLabel) summary.push({ key: 'conclusion', label: t('cases.common.conclusion'), children: <strong data-testid="case-conclusion">{bi(c.conclusionLabel)}</strong> });
  if (c.final && c.workingDaysToClose !== null)
    summary.push({
      key: 'took',
      label: t('cases.detail.took'),
      children: (
        <Space size={6}>
          <span className="hm-num">{t('cases.common.workingDays', { n: c.workingDaysToClose })}</span>
          {c.closedOnTime !== null && <Tag color={c.closedOnTime ? 'green' : 'red'}>{c.closedOnTime ? t('cases.detail.onTime') : t('cases.detail.late')}</Tag>}
        </Space>
      ),
    });
  if (c.rating !== null)
    summary.push({
      key: 'rating',
      label: t('cases.detail.rating'),
      children: (
        <span>
          <strong className="hm-num">{t('cases.detail.ratingValue', { score: c.rating })}</strong>
          {c.ratingComment && <span style={{ whiteSpace: 'pre-wrap' }}> · {c.ratingComment}</span>}
        </span>
      ),
    });

  const banners: ReactNode[] = [];
  if (c.supervised && !c.final) banners.push(<Alert key="s" type="warning" showIcon title={t('cases.detail.supervisedBanner')} data-testid="banner-supervised" />);
  if (c.escalated) banners.push(<Alert key="e" type="error" showIcon title={t('cases.detail.escalatedBanner')} data-testid="banner-escalated" />);
  if (c.pendingReviewDetail) {
    const r = c.pendingReviewDetail;
    banners.push(
      <Alert
        key="r"
        type="info"
        showIcon
        data-testid="banner-review"
        title={t('cases.detail.pendingReview')}
        description={
          <>
            <div>{t('cases.detail.pendingReviewText', { action: transitionLabel(r.transition), to: stateLabel(r.to), at: formatDateTime(r.at) })}</div>
            {r.conclusion && (
              <div>
                {t('cases.payload.conclusion')}
                {t('cases.colon')}
                {bi(kind.conclusions.find((x) => x.code === r.conclusion)?.label, r.conclusion)}
              </div>
            )}
          </>
        }
      />,
    );
  }
  if (c.pendingTransfer)
    banners.push(
      <Alert
        key="t"
        type="info"
        showIcon
        data-testid="banner-transfer"
        title={t('cases.detail.pendingTransfer')}
        description={
          <>
            <div>{t('cases.detail.pendingTransferText', { org: names(c.pendingTransfer.toOrg), department: departments.name(c.pendingTransfer.toDepartment), at: formatDateTime(c.pendingTransfer.at) })}</div>
            <div style={{ whiteSpace: 'pre-wrap' }}>
              {t('cases.payload.reason')}
              {t('cases.colon')}
              {c.pendingTransfer.reason}
            </div>
          </>
        }
      />,
    );

  return (
    <div data-testid="case-detail">
      <Link to="/cases" style={{ display: 'inline-block', marginBottom: 12 }}>
        <ArrowLeftOutlined /> {t('cases.common.back')}
      </Link>
      <PageHeader title={<span style={{ overflowWrap: 'anywhere' }}>{c.title}</span>} />
      {reloadError !== undefined && reloadError !== null && <CaseErrorAlert error={reloadError} onReload={reload} style={{ marginBottom: 12 }} />}
      {banners.length > 0 && (
        <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }} size={8}>
          {banners}
        </Space>
      )}
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Card size="small" title={t('cases.detail.header')} style={{ marginBottom: 16 }} data-testid="case-summary">
            <Descriptions className="hm-stack" size="small" column={{ xs: 1, sm: 2, xxl: 3 }} items={summary} />
          </Card>
          {!wide && actions}
          <Card size="small" title={t('cases.detail.fields')} style={{ marginBottom: 16 }} data-testid="case-fields">
            <Descriptions
              size="small"
              layout="vertical"
              column={{ xs: 1, sm: 2, xl: 3 }}
              items={kind.fields.map((f) => ({
                key: f.name,
                label: bi(f.label),
                children: fieldText(f, c.details[f.name]),
                span: f.type === 'longtext' ? ('filled' as const) : 1,
              }))}
            />
          </Card>
          <Card size="small" title={t('cases.detail.timeline')} style={{ marginBottom: 16 }} data-testid="case-timeline">
            <CaseTimeline c={c} names={names} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          {wide && actions}
          <Card size="small" title={t('cases.detail.reporter')} style={{ marginBottom: 16 }} data-testid="case-reporter">
            {c.reporter ? (
              <>
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    { key: 'name', label: t('cases.detail.reporterName'), children: c.reporter.name ?? t('common.none') },
                    { key: 'phone', label: t('cases.detail.reporterPhone'), children: <span className="hm-mono">{c.reporter.phone ?? t('common.none')}</span> },
                  ]}
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('cases.detail.masked')}
                </Typography.Text>
              </>
            ) : (
              <Typography.Text type="secondary">{t('cases.detail.noReporter')}</Typography.Text>
            )}
          </Card>
          <AttachmentsCard c={c} reload={reload} />
          {c.linked.length > 0 && <LinkedCard c={c} />}
        </Col>
      </Row>
    </div>
  );
}

/**
 * Reasons the system writes itself (flagging a group of leads for supervision) come as one string,
 * "中文 / English"; the reader gets their half.
 */
function systemText(s: string, lang: 'zh-CN' | 'en'): string {
  const i = s.indexOf(' / ');
  if (i < 0) return s;
  return lang === 'en' ? s.slice(i + 3) : s.slice(0, i);
}

const EVENT_COLOR: Record<CaseEventAction, string> = {
  created: 'blue',
  transition: 'green',
  review_requested: 'blue',
  review_approved: 'green',
  review_returned: 'red',
  transfer_requested: 'blue',
  transfer_accepted: 'green',
  transfer_refused: 'red',
  supervised: 'red',
  escalated: 'red',
  reopened: 'red',
  rated: 'green',
  commented: 'gray',
  linked: 'gray',
};

function CaseTimeline({ c, names }: { c: CaseDetail; names: (code: string) => string }) {
  const { t, bi, dyn, lang } = useI18n();
  const departments = useDepartments();
  const kind = c.kindDefinition;
  const attachment = (id: number) => c.attachments.find((a) => a.id === id);
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);

  const headline = (e: TimelineEntry): string => {
    const transition = str(e.payload.transition);
    if (e.action === 'transition' && transition) return bi(kind.transitions.find((x) => x.action === transition)?.label, transition);
    if (e.action === 'review_requested' && transition)
      return `${t('cases.event.review_requested')}${t('cases.colon')}${t('cases.payload.proposed', { action: bi(kind.transitions.find((x) => x.action === transition)?.label, transition) })}`;
    return t(`cases.event.${e.action}`);
  };
  const actor = (e: TimelineEntry) => {
    if (e.actor) {
      const role = e.actorRole ? dyn(`roles.${e.actorRole}`, e.actorRole) : null;
      if (!role || role === e.actor) return e.actor;
      return lang === 'en' ? `${e.actor} (${role})` : `${e.actor}（${role}）`;
    }
    const byReporter = e.action === 'rated' || (e.action === 'reopened' && e.payload.by === 'reporter') || (e.action === 'created' && (c.source === 'public' || c.source === 'citizen'));
    return byReporter ? t('cases.common.reporterActor') : t('cases.common.system');
  };
  const line = (label: string, value: ReactNode, key: string) => (
    <div key={key} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      <Typography.Text type="secondary">
        {label}
        {t('cases.colon')}
      </Typography.Text>
      {value}
    </div>
  );

  const body = (e: TimelineEntry): ReactNode[] => {
    const p = e.payload;
    const out: ReactNode[] = [];
    const conclusion = str(p.conclusion);
    if (conclusion) out.push(line(t('cases.payload.conclusion'), <strong>{bi(kind.conclusions.find((x) => x.code === conclusion)?.label, conclusion)}</strong>, 'conclusion'));
    if (e.action === 'transfer_requested' && str(p.toOrg))
      out.push(line(t('cases.payload.transferTo'), `${names(String(p.toOrg))}${str(p.toDepartment) ? ` · ${departments.name(String(p.toDepartment))}` : ''}`, 'to'));
    if (e.action === 'escalated' && str(p.toOrg)) out.push(line(t('cases.payload.escalatedTo'), names(String(p.toOrg)), 'esc'));
    if (e.action === 'supervised' && str(p.byOrg)) out.push(line(t('cases.payload.supervisedBy'), names(String(p.byOrg)), 'by'));
    if (e.action === 'created' && str(p.orgCode)) out.push(line(t('cases.common.org'), names(String(p.orgCode)), 'org'));
    if (str(p.reason)) out.push(line(t('cases.payload.reason'), e.actor ? String(p.reason) : systemText(String(p.reason), lang), 'reason'));
    if (str(p.evidence)) out.push(line(t('cases.payload.evidence'), String(p.evidence), 'evidence'));
    if (str(p.note)) out.push(line(t('cases.payload.note'), String(p.note), 'note'));
    if (e.action === 'reopened' && (p.by === 'reporter' || p.by === 'staff')) out.push(<Typography.Text key="rb" type="secondary">{p.by === 'reporter' ? t('cases.payload.byReporter') : t('cases.payload.byStaff')}</Typography.Text>);
    if (e.action === 'rated' && typeof p.score === 'number') out.push(line(t('cases.payload.score'), t('cases.detail.ratingValue', { score: p.score }), 'score'));
    if (str(p.comment)) out.push(line(t('cases.payload.comment'), String(p.comment), 'comment'));
    if (e.action === 'linked' && typeof p.groupId === 'number')
      out.push(line(t('cases.payload.group'), p.groupId === c.id ? t('cases.detail.thisCase') : <Link to={`/cases/${p.groupId}`}>#{p.groupId}</Link>, 'group'));
    const ids = Array.isArray(p.attachmentIds) ? p.attachmentIds.filter((x): x is number => typeof x === 'number') : [];
    if (ids.length > 0)
      out.push(
        line(
          t('cases.payload.attachments'),
          <Space size={[8, 2]} wrap>
            {ids.map((aid) => {
              const a = attachment(aid);
              return a ? (
                <a key={aid} href={`/api/cases/${c.id}/attachments/${aid}`} download={a.name}>
                  <PaperClipOutlined /> {a.name}
                </a>
              ) : (
                <span key={aid}>#{aid}</span>
              );
            })}
          </Space>,
          'files',
        ),
      );
    return out;
  };

  return (
    <Timeline
      items={c.timeline.map((e) => ({
        key: e.seq,
        color: EVENT_COLOR[e.action] ?? 'gray',
        content: (
          <div data-testid={`event-${e.action}`}>
            <Space size={[6, 2]} wrap>
              <strong>{headline(e)}</strong>
              <Tag style={{ marginInlineEnd: 0 }}>
                {t('cases.payload.stateAfter')}
                {t('cases.colon')}
                {bi(e.stateAfterLabel)}
              </Tag>
            </Space>
            <div style={{ fontSize: 12 }}>
              <Typography.Text type="secondary">
                {actor(e)} · <span className="hm-num">{formatDateTime(e.at)}</span>
              </Typography.Text>
            </div>
            {body(e)}
          </div>
        ),
      }))}
    />
  );
}

function AttachmentsCard({ c, reload }: { c: CaseDetail; reload: () => void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const uploader = useAttachmentUpload(c.id, () => reload());
  // Anyone who may act on the case may add files to it; readers only download.
  const mayUpload = can('case.handle') && c.actions.length > 0;
  return (
    <Card
      size="small"
      title={t('cases.detail.attachments')}
      style={{ marginBottom: 16 }}
      data-testid="case-attachments"
      extra={mayUpload && <UploadButton upload={uploader.upload} busy={uploader.busy} label={t('cases.detail.upload')} testId="attachment-upload" />}
    >
      {uploader.error !== null && <CaseErrorAlert error={uploader.error} style={{ marginBottom: 8 }} onClose={uploader.clearError} />}
      {c.attachments.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.detail.noAttachments')} />
      ) : (
        <ItemList
          testId="attachment-list"
          rows={c.attachments.map((a) => ({
            key: a.id,
            avatar: <PaperClipOutlined />,
            title: (
              <a href={`/api/cases/${c.id}/attachments/${a.id}`} download={a.name} data-testid={`attachment-${a.id}`}>
                {a.name}
              </a>
            ),
            description: (
              <span className="hm-num" style={{ fontSize: 12 }}>
                {formatBytes(a.size)} · {formatDateTime(a.uploadedAt)}
              </span>
            ),
            extra: (
              <a href={`/api/cases/${c.id}/attachments/${a.id}`} download={a.name} aria-label={`${t('cases.detail.download')} ${a.name}`} title={t('cases.detail.download')}>
                <DownloadOutlined />
              </a>
            ),
          }))}
        />
      )}
      {mayUpload && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
          {t('cases.detail.uploadHint')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

function LinkedCard({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const link = c.kindDefinition.link;
  const total = (c.workers ?? 0) + c.linked.reduce((n, l) => n + (l.workers ?? 0), 0);
  const rows: (LinkedCase & { self?: boolean })[] = [
    { id: c.id, trackingCode: c.trackingCode, title: c.title, state: c.state, stateLabel: c.stateLabel, final: c.final, workers: c.workers, districtCode: c.districtCode, self: true },
    ...c.linked,
  ];
  return (
    <Card size="small" title={t('cases.detail.linked')} style={{ marginBottom: 16 }} data-testid="case-linked">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {link ? t('cases.detail.linkedHint', { n: link.flagWorkers }) : t('cases.detail.linkedHintPlain')}
      </Typography.Paragraph>
      <ItemList
        rows={rows.map((l) => ({
          key: l.id,
          title: l.self ? (
            <span className="hm-mono" style={{ fontSize: 12 }}>
              {l.trackingCode}
            </span>
          ) : (
            <Link to={`/cases/${l.id}`} className="hm-mono" style={{ fontSize: 12 }}>
              {l.trackingCode}
            </Link>
          ),
          description: (
            <Space size={6} wrap>
              <span>{l.self ? t('cases.detail.thisCase') : l.title}</span>
              <StateTag label={l.stateLabel} final={l.final} />
            </Space>
          ),
          extra: <span className="hm-num">{l.workers === null ? t('common.none') : t('common.people', { count: l.workers })}</span>,
        }))}
      />
      <div style={{ marginTop: 8 }} data-testid="linked-total">
        <strong className="hm-num">{t('cases.detail.linkedTotal', { n: total })}</strong>
      </div>
    </Card>
  );
}
