// Person search: by name prefix or full ID number, within a division; results are masked.
import { SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Input, Row, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import type { Paged, PersonListItem } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { DivisionPicker } from './DivisionPicker';
import { PersonTable } from './PersonTable';

export default function PersonSearch() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const division = params.get('division') ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const [qInput, setQInput] = useState(q);
  const [divisionInput, setDivisionInput] = useState<string | undefined>(division);
  // Back and forward move through searches; the inputs follow the address.
  useEffect(() => {
    setQInput(q);
    setDivisionInput(division);
  }, [q, division]);
  const hasCriteria = q !== '' || !!division;
  const { data, error, loading, reload } = useApi<Paged<PersonListItem>>(hasCriteria ? '/api/persons' : null, {
    q: q || undefined,
    divisionCode: division,
    page,
    pageSize,
  });

  const apply = (next: { q?: string; division?: string; page?: number; pageSize?: number }) => {
    const p = new URLSearchParams();
    const nq = (next.q ?? q).trim();
    const nd = 'division' in next ? next.division : division;
    if (nq) p.set('q', nq);
    if (nd) p.set('division', nd);
    if (next.page && next.page > 1) p.set('page', String(next.page));
    if ((next.pageSize ?? pageSize) !== 20) p.set('pageSize', String(next.pageSize ?? pageSize));
    setParams(p);
  };
  const submit = () => apply({ q: qInput, division: divisionInput, page: 1 });

  return (
    <div>
      <Typography.Title level={3} className="hm-page-title">
        {t('person.searchTitle')}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Row gutter={[12, 12]}>
            <Col xs={24} md={10}>
              <Input
                data-testid="person-search-input"
                value={qInput}
                onChange={(e) => setQInput(e.target.value)}
                placeholder={t('person.searchPlaceholder')}
                allowClear
                maxLength={40}
                prefix={<SearchOutlined />}
                aria-label={t('person.searchPlaceholder')}
              />
            </Col>
            <Col xs={24} md={9}>
              <DivisionPicker value={divisionInput} onChange={setDivisionInput} placeholder={t('person.divisionPlaceholder')} style={{ width: '100%' }} />
            </Col>
            <Col xs={24} md={5}>
              <Row gutter={8} wrap={false}>
                <Col flex="auto">
                  <Button data-testid="person-search-submit" type="primary" htmlType="submit" block icon={<SearchOutlined />}>
                    {t('common.search')}
                  </Button>
                </Col>
                <Col>
                  <Button
                    onClick={() => {
                      setQInput('');
                      setDivisionInput(undefined);
                      setParams(new URLSearchParams());
                    }}
                  >
                    {t('common.reset')}
                  </Button>
                </Col>
              </Row>
            </Col>
          </Row>
        </form>
        <Alert type="info" showIcon title={t('person.searchHint')} style={{ marginTop: 12 }} />
      </Card>
      <Card size="small">
        {!hasCriteria ? (
          <Empty description={t('person.enterCriteria')} />
        ) : error ? (
          <LoadError error={error} onRetry={reload} />
        ) : (
          <PersonTable testId="person-results" data={data} loading={loading} onPage={(p, ps) => apply({ page: ps !== pageSize ? 1 : p, pageSize: ps })} />
        )}
      </Card>
    </div>
  );
}
