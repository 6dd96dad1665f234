// A unit's progress on the whole plan: the 7 goals with their targets, and the measures (M1…M42)
// grouped by the plan's sections; a click on a target opens its drawer. Used by the city dashboard
// and by the district page.
import { Card, Collapse, Empty, Space, Tabs, Typography } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../../shared/i18n';
import { LightSummary, TargetProgressTable, useSectionLabel } from './common';
import { TargetDrawer } from './TargetDrawer';
import type { ProgressResponse, TargetProgress } from './types';

export function ProgressTabs({
  progress,
  tab,
  onTab,
  extra = [],
}: {
  progress: ProgressResponse;
  tab: string;
  onTab: (tab: string) => void;
  /** More tabs after the goals and the measures (the district's quotas). */
  extra?: { key: string; label: ReactNode; children: ReactNode }[];
}) {
  const { t, bi } = useI18n();
  const sectionLabel = useSectionLabel();
  const [selected, setSelected] = useState<TargetProgress | null>(null);

  const sections = useMemo(() => {
    const m = new Map<number, ProgressResponse['measures']>();
    for (const x of progress.measures) m.set(x.section, [...(m.get(x.section) ?? []), x]);
    return [...m.entries()].sort((a, b) => a[0] - b[0]);
  }, [progress.measures]);

  const goals =
    progress.goals.length === 0 ? (
      <Empty description={t('plan.common.noTargets')} />
    ) : (
      progress.goals.map((g) => (
        <Card
          key={g.code}
          size="small"
          style={{ marginBottom: 16 }}
          data-testid={`goal-${g.code}`}
          title={
            <div style={{ whiteSpace: 'normal', padding: '4px 0' }}>
              <span className="hm-mono" style={{ marginInlineEnd: 8 }}>
                {g.code}
              </span>
              {bi(g.title)}
            </div>
          }
        >
          <div style={{ marginBottom: 8 }}>
            <LightSummary counts={g.summary} />
          </div>
          <TargetProgressTable rows={g.targets} onSelect={setSelected} period={progress.period} testId={`goal-table-${g.code}`} />
        </Card>
      ))
    );

  const measures =
    sections.length === 0 ? (
      <Empty description={t('plan.common.noTargets')} />
    ) : (
      <Collapse
        data-testid="measure-sections"
        defaultActiveKey={sections.map(([s]) => String(s))}
        items={sections.map(([section, list]) => ({
          key: String(section),
          label: <strong>{sectionLabel(section)}</strong>,
          extra: <Typography.Text type="secondary">{t('plan.dashboard.measureCount', { n: list.length })}</Typography.Text>,
          children: list.map((m) => (
            <div key={m.code} data-testid={`measure-${m.code}`} style={{ marginBottom: 20 }}>
              <Space wrap size={[8, 4]} style={{ marginBottom: 6 }}>
                <Typography.Text strong>
                  <span className="hm-mono" style={{ marginInlineEnd: 6 }}>
                    {m.code}
                  </span>
                  {bi(m.title)}
                </Typography.Text>
              </Space>
              {m.targets.length === 0 ? (
                <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                  {t('plan.dashboard.noMeasureTargets')}
                </Typography.Paragraph>
              ) : (
                <>
                  <div style={{ marginBottom: 6 }}>
                    <LightSummary counts={m.summary} />
                  </div>
                  <TargetProgressTable rows={m.targets} onSelect={setSelected} period={progress.period} />
                </>
              )}
            </div>
          )),
        }))}
      />
    );

  return (
    <>
      <Tabs
        activeKey={tab === 'measures' || extra.some((x) => x.key === tab) ? tab : 'goals'}
        onChange={onTab}
        items={[
          { key: 'goals', label: t('plan.dashboard.goalsTab', { n: progress.goals.length }), children: goals },
          { key: 'measures', label: t('plan.dashboard.measuresTab', { n: progress.measures.length }), children: measures },
          ...extra,
        ]}
      />
      <TargetDrawer year={progress.year} target={selected} orgName={progress.orgName} onClose={() => setSelected(null)} />
    </>
  );
}
