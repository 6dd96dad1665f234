// 社保 · 一件事: the one-thing bundles (new-employee enrolment, employee retirement) in the reader's
// area, those in progress first, each with the state of its steps; a department officer may keep to
// the bundles waiting on their department.
import { Card, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { useI18n } from '../../shared/i18n';
import { PagedTable } from '../../shared/PagedTable';
import { LoadError } from '../../shared/results';
import type { Paged } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { CodeTag, FilterBar, FilterCol, FilterSelect, PageHeader, useCode, useInsFormat, useInsuranceAccess, useUrlFilters } from './common';
import { BUNDLE_KINDS, BUNDLE_STATUSES, type BundleKind, type BundleRow, type BundleStatus } from './types';

const TASK_COLOR = { waiting: 'default', pending: 'processing', done: 'success', rejected: 'error' } as const;

export default function BundlesPage() {
  const { t, bi } = useI18n();
  const fmt = useInsFormat();
  const code = useCode();
  const access = useInsuranceAccess();
  const f = useUrlFilters();
  const kind = f.get('kind') as BundleKind | undefined;
  const status = f.get('status') as BundleStatus | undefined;
  const mine = f.get('mine') === 'true';
  const list = useApi<Paged<BundleRow>>('/api/insurance/bundles', { kind, status, mine: mine ? 'true' : undefined, page: f.page, pageSize: f.pageSize });
  const officer = access.user?.role === 'department_officer';

  const columns: ColumnsType<BundleRow> = [
    {
      title: t('insurance.common.trackingCode'),
      dataIndex: 'trackingCode',
      render: (v: string, b) => (
        <Link to={`/insurance/bundles/${b.id}`} className="hm-mono" data-testid="bundle-row" data-status={b.status}>
          {v}
        </Link>
      ),
    },
    { title: t('insurance.bundles.kind'), dataIndex: 'kind', render: (v: string, b) => code('bundleKind', v) || bi(b.label) },
    { title: t('insurance.bundles.subject'), dataIndex: 'subjectName' },
    { title: t('insurance.bundles.enterprise'), dataIndex: 'enterpriseName', responsive: ['lg'], render: (v: string | null) => v ?? t('insurance.common.none') },
    { title: t('insurance.common.status'), dataIndex: 'status', render: (v: string) => <CodeTag group="bundleStatus" code={v} /> },
    {
      title: t('insurance.bundles.progress'),
      key: 'progress',
      render: (_, b) => (
        <Space size={[2, 2]} wrap>
          <span className="hm-num" style={{ marginInlineEnd: 4 }}>
            {t('insurance.bundles.progressN', { done: b.tasks.filter((x) => x.status === 'done').length, total: b.tasks.length })}
          </span>
          {b.tasks.map((x) => (
            <Tooltip key={x.code} title={`${bi(x.label)} · ${code('department', x.department)} · ${code('taskStatus', x.status)}`}>
              <Tag color={TASK_COLOR[x.status]} style={{ marginInlineEnd: 0 }}>
                {bi(x.label).slice(0, 6)}
              </Tag>
            </Tooltip>
          ))}
        </Space>
      ),
    },
    { title: t('insurance.bundles.createdAt'), dataIndex: 'createdAt', className: 'hm-num', responsive: ['md'], render: (v: string) => fmt.dateTime(v) },
    { title: t('insurance.bundles.completedAt'), dataIndex: 'completedAt', className: 'hm-num', responsive: ['xl'], render: (v: string | null) => (v ? fmt.dateTime(v) : t('insurance.common.none')) },
  ];

  return (
    <div data-testid="bundles-page">
      <PageHeader title={t('insurance.bundles.title')} hint={t('insurance.bundles.hint')} />
      <Card size="small">
        <FilterBar f={f} keys={['kind', 'status', 'mine']} active={!!(kind || status || mine)} align="middle">
          <FilterCol>
            <FilterSelect<BundleKind> testId="bundles-kind" width={180} placeholder={t('insurance.bundles.allKinds')} value={kind} onChange={(v) => f.set({ kind: v })} options={BUNDLE_KINDS.map((x) => ({ value: x, label: code('bundleKind', x) }))} />
          </FilterCol>
          <FilterCol>
            <FilterSelect<BundleStatus> testId="bundles-status" placeholder={t('insurance.common.allStatuses')} value={status} onChange={(v) => f.set({ status: v })} options={BUNDLE_STATUSES.map((x) => ({ value: x, label: code('bundleStatus', x) }))} />
          </FilterCol>
          {officer && (
            <FilterCol wide>
              <Space>
                <Switch checked={mine} onChange={(on) => f.set({ mine: on ? 'true' : undefined })} data-testid="bundles-mine" />
                <Typography.Text>{t('insurance.bundles.mine')}</Typography.Text>
              </Space>
            </FilterCol>
          )}
        </FilterBar>
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : <PagedTable<BundleRow> testId="bundles-table" columns={columns} data={list.data} loading={list.loading} page={f.page} pageSize={f.pageSize} onPage={f.onPage} />}
      </Card>
    </div>
  );
}
