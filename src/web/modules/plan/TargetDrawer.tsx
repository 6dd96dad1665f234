// One target's standing in a drawer: how its light was decided (the server's explanation), the
// figures behind it, and the indicator's monthly trend against the expected line.
import { Alert, Descriptions, Drawer, Grid, Space, Tag, Typography } from 'antd';
import { useI18n } from '../../shared/i18n';
import { TrendChart } from './charts';
import { DepartmentList, LightTag, usePeriodLabel, usePlanFormat, useDepartmentNames } from './common';
import type { TargetProgress } from './types';

export function TargetDrawer({ year, target, orgName, onClose }: { year: number; target: TargetProgress | null; orgName?: string; onClose: () => void }) {
  const { t, bi } = useI18n();
  const fmt = usePlanFormat();
  const periods = usePeriodLabel();
  const departments = useDepartmentNames();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const tp = target;

  return (
    <Drawer
      open={!!tp}
      onClose={onClose}
      size={narrow ? '100%' : 720}
      destroyOnHidden
      data-testid="target-drawer"
      title={
        tp && (
          <Space size={8} wrap>
            <span className="hm-mono">{tp.code}</span>
            <span style={{ whiteSpace: 'normal' }}>{bi(tp.title)}</span>
          </Space>
        )
      }
    >
      {tp && (
        <>
          <Space wrap size={[8, 8]} style={{ marginBottom: 12 }}>
            <LightTag light={tp.light} />
            {orgName && <Tag>{orgName}</Tag>}
            <Tag>{t(`plan.comparator.${tp.comparator}`)}</Tag>
            {tp.met === true && <Tag color="success">{t('plan.drawer.met')}</Tag>}
          </Space>
          <blockquote style={{ margin: '0 0 12px', padding: '6px 12px', borderInlineStart: '3px solid #d9d9d9', background: 'rgba(0,0,0,0.02)' }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('plan.fields.quote')}
            </Typography.Text>
            <div>「{tp.quote}」</div>
          </blockquote>
          <Alert type="info" showIcon data-testid="target-explanation" style={{ marginBottom: 12 }} title={t('plan.drawer.explanation')} description={bi(tp.explanation)} />
          <Descriptions
            className="hm-stack"
            size="small"
            bordered
            column={{ xs: 1, sm: 2 }}
            style={{ marginBottom: 16 }}
            items={[
              { key: 'target', label: t('plan.fields.goal'), children: fmt.targetText(tp, tp.target) },
              {
                key: 'actual',
                label: t('plan.fields.actual'),
                children: (
                  <span className="hm-num">
                    {fmt.amount(tp.actual, tp.unit)}
                    {tp.dataPeriod && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {' '}
                        ({t('plan.common.asOf', { period: periods.long(tp.dataPeriod) })})
                      </Typography.Text>
                    )}
                  </span>
                ),
              },
              { key: 'expected', label: t('plan.fields.expected'), children: <span className="hm-num">{fmt.estimate(tp.expected, tp.unit)}</span> },
              { key: 'completion', label: t('plan.fields.completionShort'), children: <span className="hm-num">{fmt.pct(tp.completion)}</span> },
              { key: 'time', label: t('plan.fields.timeShare'), children: <span className="hm-num">{fmt.pct(tp.timeShare)}</span> },
              { key: 'gap', label: t('plan.fields.gap'), children: <span className="hm-num">{fmt.gap(tp.gapPoints)}</span> },
              { key: 'forecast', label: t('plan.fields.forecast'), children: <span className="hm-num">{fmt.estimate(tp.forecast, tp.unit)}</span> },
              ...(tp.units
                ? [{ key: 'units', label: t('plan.fields.units'), children: <span className="hm-num">{t('plan.common.unitsMet', { met: fmt.num.format(tp.units.met), total: fmt.num.format(tp.units.total) })}</span> }]
                : []),
              { key: 'deadline', label: t('plan.fields.deadline'), children: <span className="hm-num">{tp.deadline}</span> },
              { key: 'departments', label: t('plan.fields.departments'), children: <DepartmentList codes={tp.departments} name={departments.name} /> },
              ...(tp.indicator
                ? [
                    {
                      key: 'indicator',
                      label: t('plan.fields.indicator'),
                      span: 'filled' as const,
                      children: (
                        <div style={{ whiteSpace: 'normal' }}>
                          {bi(tp.indicator.name)}{' '}
                          <Tag style={{ marginInlineStart: 4 }}>{t(`plan.source.${tp.indicator.source}`)}</Tag>
                          {tp.indicator.source === 'computed' && tp.indicator.query && <Typography.Text code>{tp.indicator.query}</Typography.Text>}
                          {tp.indicator.source === 'reported' && tp.indicator.reportedBy && <span>{departments.name(tp.indicator.reportedBy)}</span>}
                        </div>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <Typography.Title level={5}>{t('plan.drawer.trend')}</Typography.Title>
          {tp.indicator ? (
            <TrendChart year={year} indicator={tp.indicator.code} org={tp.orgCode} unit={tp.unit} />
          ) : (
            <Typography.Paragraph type="secondary">{t('plan.drawer.milestoneNoSeries')}</Typography.Paragraph>
          )}
        </>
      )}
    </Drawer>
  );
}
