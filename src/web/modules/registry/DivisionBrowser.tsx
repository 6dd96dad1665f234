// The org-unit browser: city → district → township → village, with residents and households;
// a village lists its residents.
import { HomeOutlined } from '@ant-design/icons';
import { Breadcrumb, Card, Col, Descriptions, Row, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useAuth } from '../../shared/auth';
import { formatShare } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { LoadError, NotFoundResult } from '../../shared/results';
import type { DivisionView, Paged, PersonListItem } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { PersonTable } from './PersonTable';

const CITY = '500000';
type Child = DivisionView['children'][number];

export default function DivisionBrowser() {
  const { code = CITY } = useParams();
  const { t, locale } = useI18n();
  const { can } = useAuth();
  const valid = /^\d{6}(\d{3}(\d{3})?)?$/.test(code);
  const { data, error, loading, reload } = useApi<DivisionView>(valid ? `/api/divisions/${code}` : null);
  const [personPage, setPersonPage] = useState({ code, page: 1, pageSize: 20 });
  // Reset to the first page when moving to another village.
  const pp = personPage.code === code ? personPage : { code, page: 1, pageSize: 20 };
  const isVillage = code.length === 12;
  const persons = useApi<Paged<PersonListItem>>(isVillage && can('person.read') ? '/api/persons' : null, {
    divisionCode: code,
    page: pp.page,
    pageSize: pp.pageSize,
  });

  if (!valid) return <NotFoundResult />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  // A stale view of the previous code must not flash with the new breadcrumb.
  const view = data && data.division.code === code ? data : undefined;
  const fmt = new Intl.NumberFormat(locale);
  const childLevel = view ? ((view.division.level + 1) as 2 | 3 | 4) : 2;
  const households = view?.children.reduce((s, c) => s + c.households, 0) ?? 0;
  const showUrban = view?.children.some((c) => c.urban !== null) ?? false;

  const columns: ColumnsType<Child> = [
    {
      title: t('divisions.name'),
      dataIndex: 'name',
      render: (name: string, c) => (
        <Link to={`/divisions/${c.code}`} data-testid="division-link">
          {name}
        </Link>
      ),
    },
    { title: t('divisions.code'), dataIndex: 'code', className: 'hm-mono', responsive: ['sm'] },
    ...(showUrban
      ? [
          {
            title: t('divisions.kind'),
            dataIndex: 'urban',
            width: 90,
            render: (u: boolean | null) => (u === null ? t('common.none') : <Tag color={u ? 'blue' : 'green'}>{u ? t('divisions.urban') : t('divisions.rural')}</Tag>),
          },
        ]
      : []),
    {
      title: t('divisions.population'),
      dataIndex: 'population',
      align: 'right',
      className: 'hm-num',
      sorter: (a, b) => a.population - b.population,
      render: (v: number) => fmt.format(v),
    },
    {
      title: t('divisions.households'),
      dataIndex: 'households',
      align: 'right',
      className: 'hm-num',
      sorter: (a, b) => a.households - b.households,
      render: (v: number) => fmt.format(v),
    },
    {
      title: t('divisions.share'),
      key: 'share',
      align: 'right',
      className: 'hm-num',
      responsive: ['md'],
      render: (_: unknown, c) => formatShare(c.population, view?.division.population ?? 0),
    },
  ];

  // The path from the city down; the city is added when the server leaves it out.
  const ancestors = view
    ? view.division.level > 1 && !view.ancestors.some((a) => a.code === CITY)
      ? [{ code: CITY, name: t('divisions.city'), level: 1 as const }, ...view.ancestors]
      : view.ancestors
    : [];
  const crumbs = view
    ? [
        ...ancestors.map((a) => ({
          key: a.code,
          title: (
            <Link to={`/divisions/${a.code}`}>
              {a.level === 1 && <HomeOutlined style={{ marginInlineEnd: 4 }} />}
              {a.name}
            </Link>
          ),
        })),
        { key: view.division.code, title: <span data-testid="division-current">{view.division.name}</span> },
      ]
    : [];

  return (
    <div>
      <Typography.Title level={3} className="hm-page-title">
        {t('divisions.title')}
      </Typography.Title>
      {!view ? (
        <Skeleton active />
      ) : (
        <>
          <Breadcrumb data-testid="division-breadcrumb" items={crumbs} style={{ marginBottom: 12 }} />
          <Card size="small" style={{ marginBottom: 16 }}>
            <Row gutter={[16, 12]} align="middle">
              <Col xs={24} md={10}>
                <Typography.Title level={4} style={{ margin: 0 }}>
                  {view.division.name} <Tag>{t(`divisions.levels.${view.division.level}`)}</Tag>
                </Typography.Title>
                <Descriptions size="small" column={1} style={{ marginTop: 8 }} items={[{ key: 'code', label: t('divisions.code'), children: <span className="hm-mono">{view.division.code}</span> }]} />
              </Col>
              <Col xs={12} md={7}>
                <Statistic title={t('divisions.population')} value={view.division.population} groupSeparator="," />
              </Col>
              {view.division.level < 4 && (
                <Col xs={12} md={7}>
                  <Statistic title={t('divisions.households')} value={households} groupSeparator="," />
                </Col>
              )}
            </Row>
          </Card>
          {view.division.level < 4 ? (
            <Card size="small" title={t('divisions.children', { level: t(`divisions.levels.${childLevel}`) })}>
              <div data-testid="division-children">
              <Table<Child>
                rowKey="code"
                size="middle"
                columns={columns}
                dataSource={view.children}
                loading={loading}
                locale={{ emptyText: t('divisions.noChildren') }}
                scroll={{ x: 'max-content' }}
                pagination={view.children.length > 50 ? { pageSize: 50, showSizeChanger: false, showTotal: (total) => t('common.total', { total }) } : false}
              />
              </div>
            </Card>
          ) : (
            <Card size="small" title={t('divisions.villagePersons')}>
              {can('person.read') ? (
                <PersonTable
                  testId="village-persons"
                  data={persons.data}
                  loading={persons.loading}
                  onPage={(page, pageSize) => setPersonPage({ code, page, pageSize })}
                />
              ) : (
                <Typography.Text type="secondary">{t('divisions.noPersonRead')}</Typography.Text>
              )}
            </Card>
          )}
        </>
      )}
    </div>
  );
}
