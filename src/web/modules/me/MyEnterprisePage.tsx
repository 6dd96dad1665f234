// An enterprise's own record and insured headcount, readable on a phone.
import { BankOutlined } from '@ant-design/icons';
import { Avatar, Card, Col, Descriptions, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import type { EnterpriseRecord } from '../../shared/types';
import { useApi } from '../../shared/useApi';

export default function MyEnterprisePage() {
  const { t, bi } = useI18n();
  const { data, error, reload } = useApi<EnterpriseRecord>('/api/me/enterprise');
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data) return <Skeleton active paragraph={{ rows: 8 }} />;
  const e = data;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" data-testid="my-enterprise">
        <Space align="center" size={12} style={{ marginBottom: 12 }}>
          <Avatar size={48} icon={<BankOutlined />} style={{ background: '#1f5fbf' }} />
          <Typography.Title level={4} style={{ margin: 0, wordBreak: 'break-all' }} data-testid="my-enterprise-name">
            {e.name}
          </Typography.Title>
        </Space>
        <Row gutter={12}>
          <Col span={12}>
            <Statistic title={t('enterprise.employees')} value={e.employees} groupSeparator="," />
          </Col>
          <Col span={12}>
            <Statistic title={t('enterprise.insuredHeadcount')} value={e.insuredHeadcount} groupSeparator="," />
          </Col>
        </Row>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('me.insuredNote', { month: e.insuredMonth })}
        </Typography.Text>
      </Card>
      <Card size="small" title={t('me.basic')}>
        <Descriptions
          className="hm-stack"
          size="small"
          column={1}
          items={[
            { key: 'code', label: t('enterprise.creditCode'), children: <span className="hm-mono">{e.creditCode}</span> },
            { key: 'industry', label: t('enterprise.industry'), children: `${e.industrySection} ${bi(e.industryName)}` },
            { key: 'size', label: t('enterprise.size'), children: t(`enterprise.sizes.${e.size}`) },
            { key: 'est', label: t('enterprise.establishedOn'), children: e.establishedOn },
            { key: 'district', label: t('enterprise.district'), children: e.districtName ?? t('common.none') },
            { key: 'township', label: t('enterprise.township'), children: e.townshipName ?? t('common.none') },
          ]}
        />
      </Card>
    </Space>
  );
}
