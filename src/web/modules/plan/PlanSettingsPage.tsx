// 方案设置: what the city administrator tunes for one plan year — the light thresholds, the league's
// cap, rating weight, minimum sample and per-target weights, the reporting due day, the supervision
// response time and the outlier factor — with the read-only target scale and the plan's change history.
import { SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Empty, Form, InputNumber, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, request } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { ForbiddenResult, LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { ErrorAlert, LightLegend, PageHeader, PlanPeriodBar, planLink, usePlanAccess, usePlanContext, usePlanFormat } from './common';
import type { LeagueResponse, PlanChange, PlanSettings, PlanSettingsPatch, PlanSettingsResponse } from './types';

type Field = 'yellow' | 'red' | 'leagueCap' | 'ratingWeight' | 'ratingMinSample' | 'reportDueDay' | 'outlierFactor';
type Suffix = 'points' | 'times' | 'ratings' | 'dayOfMonth' | 'share';

/** Each editable setting: the server's range, the step of the input, and where an error points. */
const SPECS: Record<Field, { min: number; max: number; step: number; integer?: boolean; suffix: Suffix; path: string }> = {
  yellow: { min: 0, max: 100, step: 1, suffix: 'points', path: 'thresholds.yellow' },
  red: { min: 0, max: 100, step: 1, suffix: 'points', path: 'thresholds.red' },
  leagueCap: { min: 1, max: 3, step: 0.05, suffix: 'share', path: 'leagueCap' },
  ratingWeight: { min: 0, max: 0.5, step: 0.01, suffix: 'share', path: 'ratingWeight' },
  ratingMinSample: { min: 1, max: 10000, step: 1, integer: true, suffix: 'ratings', path: 'ratingMinSample' },
  reportDueDay: { min: 1, max: 28, step: 1, integer: true, suffix: 'dayOfMonth', path: 'reportDueDay' },
  outlierFactor: { min: 1.5, max: 100, step: 0.5, suffix: 'times', path: 'outlierFactor' },
};
const FIELDS = Object.keys(SPECS) as Field[];
const WEIGHT = { min: 0, max: 100, step: 0.5 };
const KIND_COLOR: Record<PlanChange['kind'], string> = { created: 'green', quotas: 'blue', settings: 'purple', binding: 'orange' };

const currentOf = (s: PlanSettings, f: Field): number => (f === 'yellow' || f === 'red' ? s.thresholds[f] : s[f]);

/** Server error details by field path (`body.` dropped from schema errors). */
function fieldErrors(e: unknown, lang: string): Record<string, string> {
  if (!(e instanceof ApiError) || !Array.isArray(e.details)) return {};
  const out: Record<string, string> = {};
  for (const d of e.details) if (d.path) out[d.path.replace(/^body\./, '')] = lang === 'en' ? d.messageEn || d.message : d.message;
  return out;
}

export default function PlanSettingsPage() {
  const { t } = useI18n();
  const access = usePlanAccess();
  const ctx = usePlanContext();
  const { year } = ctx;

  if (!access.admin) return <ForbiddenResult />;
  if (ctx.plans.error && !ctx.plans.data) return <LoadError error={ctx.plans.error} onRetry={ctx.plans.reload} />;
  if (ctx.plans.data && ctx.plans.data.length === 0) return <Empty style={{ marginTop: 64 }} description={t('plan.common.noPlans')} />;

  return (
    <div data-testid="plan-settings">
      <PageHeader title={t('plan.settings.title')} hint={year ? t('plan.settings.hint', { year }) : undefined} />
      <div style={{ marginBottom: 16 }}>
        <PlanPeriodBar ctx={ctx} month={false} />
      </div>
      {/* A new year starts afresh: nothing typed for one year carries over to another. */}
      {year ? <SettingsBody key={year} year={year} /> : <Skeleton active paragraph={{ rows: 12 }} />}
    </div>
  );
}

function SettingsBody({ year }: { year: number }) {
  const { t, bi, lang, locale } = useI18n();
  const { message } = App.useApp();
  const fmt = usePlanFormat();
  const settings = useApi<PlanSettingsResponse>(`/api/plans/${year}/settings`);
  const league = useApi<LeagueResponse>(`/api/plans/${year}/league`);
  const [edits, setEdits] = useState<Partial<Record<Field, number | null>>>({});
  const [weightEdits, setWeightEdits] = useState<Record<string, number | null>>({});
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const scaleFormat = useMemo(() => new Intl.NumberFormat(locale, { maximumSignificantDigits: 4 }), [locale]);

  const s = settings.data?.settings;
  const value = (f: Field): number | null => (f in edits ? (edits[f] ?? null) : s ? currentOf(s, f) : null);
  const weightOf = (code: string, fallback: number): number => s?.leagueWeights[code] ?? fallback;
  const weightValue = (code: string, fallback: number): number | null => (code in weightEdits ? (weightEdits[code] ?? null) : weightOf(code, fallback));

  const weights = league.data?.weights ?? [];
  const changedFields = s ? FIELDS.filter((f) => f in edits && edits[f] !== currentOf(s, f)) : [];
  const changedWeights = weights.filter((w) => w.targetCode in weightEdits && weightEdits[w.targetCode] !== weightOf(w.targetCode, w.weight));
  const changed = changedFields.length + changedWeights.length;
  const missing = changedFields.some((f) => edits[f] === null) || changedWeights.some((w) => weightEdits[w.targetCode] === null);
  const errors = fieldErrors(saveError, lang);

  // Leaving with unsaved changes asks first.
  useEffect(() => {
    if (changed === 0) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [changed]);

  if (settings.error && !s) return <LoadError error={settings.error} onRetry={settings.reload} />;
  if (!s || !settings.data) return <Skeleton active paragraph={{ rows: 12 }} />;
  const changes = settings.data.changes;
  // Changes carry no id; their order (newest first) is stable between reloads.
  const changeRows = changes.map((c, i) => ({ ...c, key: changes.length - i }));

  const reset = () => {
    setEdits({});
    setWeightEdits({});
    setSaveError(null);
  };

  const save = async () => {
    if (changed === 0 || missing) return;
    const patch: PlanSettingsPatch = {};
    for (const f of changedFields) {
      const v = edits[f] as number;
      if (f === 'yellow' || f === 'red') patch.thresholds = { ...patch.thresholds, [f]: v };
      else patch[f] = v;
    }
    if (changedWeights.length > 0) patch.leagueWeights = Object.fromEntries(changedWeights.map((w) => [w.targetCode, weightEdits[w.targetCode] as number]));
    setSaving(true);
    setSaveError(null);
    try {
      const r = await request<{ settings: PlanSettings }>(`/api/plans/${year}/settings`, { method: 'PUT', json: patch });
      settings.setData({ settings: r.settings, changes });
      setEdits({});
      setWeightEdits({});
      void message.success(t('plan.settings.saved'));
      // The history gains the change just made; the league shows the new weights.
      settings.reload();
      league.reload();
    } catch (e) {
      setSaveError(e);
    } finally {
      setSaving(false);
    }
  };

  const suffixOf = (f: Field): ReactNode => {
    const kind = SPECS[f].suffix;
    if (kind === 'share') {
      const v = value(f);
      return v === null ? undefined : fmt.pct(v);
    }
    return t(`plan.settings.${kind}`) || undefined;
  };

  const field = (f: Field, hint?: ReactNode) => {
    const spec = SPECS[f];
    const v = value(f);
    const error = v === null ? t('plan.settings.required') : errors[spec.path];
    const id = `plan-settings-${f}`;
    return (
      <Form.Item label={t(`plan.settings.${f}`)} htmlFor={id} extra={hint} validateStatus={error ? 'error' : undefined} help={error} style={{ marginBottom: 16 }}>
        <InputNumber<number>
          id={id}
          data-testid={`settings-${f}`}
          min={spec.min}
          max={spec.max}
          step={spec.step}
          precision={spec.integer ? 0 : undefined}
          value={v}
          suffix={suffixOf(f)}
          onChange={(n) => setEdits((prev) => ({ ...prev, [f]: n }))}
          style={{ width: '100%', maxWidth: 220 }}
        />
      </Form.Item>
    );
  };

  const yellow = value('yellow');
  const red = value('red');

  const weightColumns: ColumnsType<LeagueResponse['weights'][number]> = [
    {
      title: t('plan.fields.target'),
      key: 'target',
      render: (_, w) => (
        <div style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
          <span className="hm-mono" style={{ marginInlineEnd: 6 }}>
            {w.targetCode}
          </span>
          {bi(w.title)}
        </div>
      ),
    },
    {
      title: t('plan.league.weightCol'),
      key: 'weight',
      align: 'right',
      width: 128,
      render: (_, w) => {
        const v = weightValue(w.targetCode, w.weight);
        const error = v === null ? t('plan.settings.required') : errors[`leagueWeights.${w.targetCode}`];
        return (
          <>
            <InputNumber<number>
              data-testid={`settings-weight-${w.targetCode}`}
              aria-label={t('plan.settings.weightLabel', { code: w.targetCode })}
              min={WEIGHT.min}
              max={WEIGHT.max}
              step={WEIGHT.step}
              value={v}
              status={error ? 'error' : undefined}
              onChange={(n) => setWeightEdits((prev) => ({ ...prev, [w.targetCode]: n }))}
              style={{ width: 104 }}
            />
            {error && (
              <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }}>
                {error}
              </Typography.Text>
            )}
          </>
        );
      },
    },
  ];

  const subject = (c: PlanChange) => {
    if (!c.subject) return t('common.none');
    const copied = c.kind === 'created' ? /^copy of (\d{4})$/.exec(c.subject) : null;
    if (copied) return t('plan.settings.copyOf', { year: copied[1] });
    if (c.kind === 'quotas')
      return (
        <Link to={planLink(`/plan/quotas/${encodeURIComponent(c.subject)}`, year)} className="hm-mono">
          {c.subject}
        </Link>
      );
    return <span className="hm-mono">{c.subject}</span>;
  };

  const changeColumns: ColumnsType<PlanChange & { key: number }> = [
    {
      title: t('plan.settings.kind'),
      dataIndex: 'kind',
      render: (k: PlanChange['kind']) => (
        <Tag color={KIND_COLOR[k]} data-testid={`change-${k}`}>
          {t(`plan.settings.changeKind.${k}`)}
        </Tag>
      ),
    },
    { title: t('plan.settings.subject'), key: 'subject', render: (_, c) => subject(c) },
    { title: t('plan.settings.actor'), dataIndex: 'actor', render: (a: string | null) => <span style={{ whiteSpace: 'nowrap' }}>{a ?? t('plan.detail.system')}</span> },
    { title: t('plan.settings.at'), dataIndex: 'at', className: 'hm-num', render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(at)}</span> },
  ];

  return (
    <>
      <Form layout="vertical" requiredMark={false} onFinish={() => void save()} data-testid="settings-form">
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('plan.settings.lightsTitle')} style={{ height: '100%' }}>
              <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
                {t('plan.settings.thresholdsHint')}
              </Typography.Paragraph>
              <Row gutter={16}>
                <Col xs={24} sm={12}>
                  {field('yellow')}
                </Col>
                <Col xs={24} sm={12}>
                  {field('red')}
                </Col>
              </Row>
              {yellow !== null && red !== null && (
                <div data-testid="settings-light-preview">
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13, marginBottom: 4 }}>
                    {t('plan.settings.preview')}
                  </Typography.Text>
                  <LightLegend thresholds={{ yellow, red }} />
                </div>
              )}
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('plan.settings.reportingTitle')} style={{ height: '100%' }}>
              {field('reportDueDay', t('plan.settings.reportDueDayHint'))}
              {field('outlierFactor', t('plan.settings.outlierFactorHint'))}
            </Card>
          </Col>
          <Col xs={24}>
            <Card size="small" title={t('plan.settings.leagueTitle')}>
              <Row gutter={16}>
                <Col xs={24} md={8}>
                  {field('leagueCap', t('plan.settings.leagueCapHint'))}
                </Col>
                <Col xs={24} md={8}>
                  {field('ratingWeight', t('plan.settings.ratingWeightHint'))}
                </Col>
                <Col xs={24} md={8}>
                  {field('ratingMinSample', t('plan.settings.ratingMinSampleHint'))}
                </Col>
              </Row>
              <Typography.Title level={5} style={{ marginTop: 4 }}>
                {t('plan.settings.weights')}
              </Typography.Title>
              <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
                {t('plan.settings.weightsHint')}
              </Typography.Paragraph>
              {league.error && !league.data ? (
                <LoadError error={league.error} onRetry={league.reload} />
              ) : !league.data ? (
                <Skeleton active paragraph={{ rows: 6 }} />
              ) : (
                <Table
                  data-testid="settings-weights"
                  rowKey="targetCode"
                  size="small"
                  columns={weightColumns}
                  dataSource={weights}
                  pagination={false}
                  tableLayout="fixed"
                  scroll={weights.length > 12 ? { y: 480 } : undefined}
                  locale={{ emptyText: t('plan.settings.noWeights') }}
                />
              )}
            </Card>
          </Col>
          <Col xs={24}>
            <Card size="small" title={t('plan.settings.scaleTitle')}>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('plan.settings.scale')}
              </Typography.Text>
              <div className="hm-num" data-testid="settings-scale" style={{ fontSize: 22, fontWeight: 500 }}>
                {scaleFormat.format(s.scale)}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {s.scale === 1 ? t('plan.settings.scaleOne') : t('plan.settings.scaleNote')}
              </Typography.Text>
            </Card>
          </Col>
        </Row>
        {saveError !== null && <ErrorAlert error={saveError} onReload={settings.reload} style={{ marginTop: 16 }} />}
        <Card size="small" style={{ position: 'sticky', bottom: 0, zIndex: 3, marginTop: 16, boxShadow: '0 -2px 8px rgba(0,0,0,0.06)' }}>
          <Row justify="end" align="middle" gutter={[8, 8]}>
            <Col flex="auto">
              <Typography.Text type={changed > 0 ? 'warning' : 'secondary'} data-testid="settings-dirty">
                {changed > 0 ? t('plan.settings.changed', { n: fmt.num.format(changed) }) : t('plan.settings.unchanged')}
              </Typography.Text>
            </Col>
            <Col>
              <Space wrap>
                <Button icon={<UndoOutlined />} onClick={reset} disabled={saving || (changed === 0 && saveError === null)} data-testid="settings-reset">
                  {t('plan.settings.reset')}
                </Button>
                <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving} disabled={changed === 0 || missing} data-testid="settings-save">
                  {t('plan.settings.save')}
                </Button>
              </Space>
            </Col>
          </Row>
        </Card>
      </Form>
      <Card size="small" title={t('plan.settings.changesTitle')} extra={<Typography.Text type="secondary">{t('plan.settings.changesHint')}</Typography.Text>} style={{ marginTop: 16 }}>
        <Table<PlanChange & { key: number }>
          data-testid="settings-changes"
          size="small"
          loading={settings.loading}
          columns={changeColumns}
          dataSource={changeRows}
          pagination={changes.length > 20 ? { defaultPageSize: 20, showTotal: (total) => t('common.total', { total }) } : false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('plan.settings.noChanges') }}
        />
      </Card>
    </>
  );
}
