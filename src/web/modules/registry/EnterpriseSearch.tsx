// Enterprise search by name or credit code, district or township, and industry; a row opens the
// enterprise's detail in a drawer.
import { SearchOutlined } from '@ant-design/icons';
import { PagedTable } from '../../shared/PagedTable';
import { Button, Card, Col, Descriptions, Drawer, Grid, Input, Row, Select, Skeleton, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import type { EnterpriseListItem, EnterpriseRecord, Paged } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { DivisionPicker } from './DivisionPicker';
import { INDUSTRY_SECTIONS } from './industries';

const SIZE_COLOR: Record<string, string> = { large: 'magenta', medium: 'purple', small: 'blue', micro: 'default' };

export default function EnterpriseSearch() {
  const { t, bi } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const division = params.get('division') ?? undefined;
  const industry = params.get('industry') ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const openId = params.get('id');
  const [qInput, setQInput] = useState(q);
  const [divisionInput, setDivisionInput] = useState(division);
  const [industryInput, setIndustryInput] = useState(industry);
  useEffect(() => {
    setQInput(q);
    setDivisionInput(division);
    setIndustryInput(industry);
  }, [q, division, industry]);

  const { data, error, loading, reload } = useApi<Paged<EnterpriseListItem>>('/api/enterprises', { q: q || undefined, divisionCode: division, industry, page, pageSize });

  const apply = (next: Partial<{ q: string; division: string | undefined; industry: string | undefined; page: number; pageSize: number; id: number | null }>) => {
    const p = new URLSearchParams();
    const v = { q, division, industry, page, pageSize, id: openId ? Number(openId) : null, ...next };
    if (v.q.trim()) p.set('q', v.q.trim());
    if (v.division) p.set('division', v.division);
    if (v.industry) p.set('industry', v.industry);
    if (v.page > 1) p.set('page', String(v.page));
    if (v.pageSize !== 20) p.set('pageSize', String(v.pageSize));
    if (v.id) p.set('id', String(v.id));
    setParams(p);
  };

  const columns: ColumnsType<EnterpriseListItem> = [
    {
      title: t('enterprise.name'),
      dataIndex: 'name',
      render: (name: string, e) => (
        <Typography.Link data-testid="enterprise-link" onClick={() => apply({ id: e.id })}>
          {name}
        </Typography.Link>
      ),
    },
    { title: t('enterprise.creditCode'), dataIndex: 'creditCode', className: 'hm-mono', responsive: ['md'] },
    { title: t('enterprise.industry'), dataIndex: 'industryName', responsive: ['lg'], render: (v: EnterpriseListItem['industryName'], e) => `${e.industrySection} ${bi(v)}` },
    { title: t('enterprise.district'), dataIndex: 'districtName', responsive: ['sm'] },
    { title: t('enterprise.size'), dataIndex: 'size', render: (s: string) => <Tag color={SIZE_COLOR[s]}>{t(`enterprise.sizes.${s as EnterpriseListItem['size']}`)}</Tag> },
    { title: t('enterprise.establishedOn'), dataIndex: 'establishedOn', className: 'hm-num', responsive: ['xl'] },
    { title: t('enterprise.insuredHeadcount'), dataIndex: 'insuredHeadcount', align: 'right', className: 'hm-num' },
  ];

  return (
    <div>
      <Typography.Title level={3} className="hm-page-title">
        {t('enterprise.title')}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            apply({ q: qInput, division: divisionInput, industry: industryInput, page: 1 });
          }}
        >
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={8}>
              <Input
                data-testid="enterprise-search-input"
                value={qInput}
                onChange={(e) => setQInput(e.target.value)}
                placeholder={t('enterprise.searchPlaceholder')}
                aria-label={t('enterprise.searchPlaceholder')}
                allowClear
                maxLength={60}
                prefix={<SearchOutlined />}
              />
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <DivisionPicker value={divisionInput} onChange={setDivisionInput} maxLevel={3} placeholder={`${t('enterprise.district')} / ${t('enterprise.township')}`} style={{ width: '100%' }} />
            </Col>
            <Col xs={24} sm={12} lg={5}>
              <Select
                style={{ width: '100%' }}
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                value={industryInput}
                onChange={(v?: string) => setIndustryInput(v)}
                placeholder={t('enterprise.industry')}
                options={Object.entries(INDUSTRY_SECTIONS).map(([code, name]) => ({ value: code, label: `${code} ${bi(name)}` }))}
              />
            </Col>
            <Col xs={24} lg={5}>
              <Row gutter={8} wrap={false}>
                <Col flex="auto">
                  <Button type="primary" htmlType="submit" block icon={<SearchOutlined />}>
                    {t('common.search')}
                  </Button>
                </Col>
                <Col>
                  <Button onClick={() => setParams(new URLSearchParams())}>{t('common.reset')}</Button>
                </Col>
              </Row>
            </Col>
          </Row>
        </form>
      </Card>
      <Card size="small">
        {error ? (
          <LoadError error={error} onRetry={reload} />
        ) : (
          <PagedTable<EnterpriseListItem> testId="enterprise-results" columns={columns} data={data} loading={loading} page={page} pageSize={pageSize} onPage={(p, ps) => apply({ page: ps !== pageSize ? 1 : p, pageSize: ps })} />
        )}
      </Card>
      <EnterpriseDrawer id={openId} onClose={() => apply({ id: null })} />
    </div>
  );
}

function EnterpriseDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, bi } = useI18n();
  const screens = Grid.useBreakpoint();
  const valid = !!id && /^[1-9]\d{0,15}$/.test(id);
  const { data, error, reload } = useApi<EnterpriseRecord>(valid ? `/api/enterprises/${id}` : null);
  const e = data && String(data.id) === id ? data : undefined;
  return (
    <Drawer open={!!id} onClose={onClose} title={e?.name ?? t('enterprise.detailTitle')} size={screens.md ? 560 : '100%'} destroyOnHidden>
      {error ? (
        <LoadError error={error} onRetry={reload} />
      ) : !e ? (
        <Skeleton active />
      ) : (
        <Descriptions
          data-testid="enterprise-detail"
          className="hm-stack"
          bordered
          size="small"
          column={1}
          items={[
            { key: 'name', label: t('enterprise.name'), children: e.name },
            { key: 'code', label: t('enterprise.creditCode'), children: <span className="hm-mono">{e.creditCode}</span> },
            { key: 'industry', label: t('enterprise.industry'), children: `${e.industrySection} ${bi(e.industryName)}` },
            { key: 'district', label: t('enterprise.district'), children: e.districtName ?? t('common.none') },
            { key: 'township', label: t('enterprise.township'), children: e.townshipName ?? t('common.none') },
            { key: 'size', label: t('enterprise.size'), children: t(`enterprise.sizes.${e.size}`) },
            { key: 'est', label: t('enterprise.establishedOn'), children: e.establishedOn },
            { key: 'employees', label: t('enterprise.employees'), children: e.employees },
            { key: 'insured', label: t('enterprise.insuredHeadcount'), children: e.insuredHeadcount },
            { key: 'month', label: t('enterprise.insuredMonth'), children: e.insuredMonth },
          ]}
        />
      )}
    </Drawer>
  );
}
