// A resident's own record, built for a phone: one column of cards, no tables, nothing wider
// than the screen.
import { SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Card, Descriptions, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import { DepartmentRowsList, useCellFormatter } from '../../shared/DepartmentRows';
import { formatFen } from '../../shared/format';
import { ItemList } from '../../shared/ItemList';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import type { MyProfile, Place } from '../../shared/types';
import { useApi } from '../../shared/useApi';

const STATUS_COLOR: Record<string, string> = { active: 'green', suspended: 'orange', terminated: 'default' };

export default function MyProfilePage() {
  const { t, bi, dyn } = useI18n();
  const cell = useCellFormatter();
  const { data, error, reload } = useApi<MyProfile>('/api/me/profile');

  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data) return <Skeleton active paragraph={{ rows: 10 }} />;
  const p = data.person;
  const place = (x: Place) => [x.districtName, x.townshipName, x.villageName].filter(Boolean).join(' ') || t('common.none');
  const members = data.household?.members ?? [];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card data-testid="my-profile" size="small">
        <Space align="center" size={12} style={{ marginBottom: 12 }}>
          <Avatar size={48} icon={<UserOutlined />} style={{ background: '#1f5fbf' }} />
          <div style={{ minWidth: 0 }}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="my-name">
              {p.name}
            </Typography.Title>
            <Typography.Text type="secondary">
              {dyn(`person.sexes.${p.sex}`, p.sex)} · {t('person.ageValue', { age: p.age })}
            </Typography.Text>
          </div>
        </Space>
        <Descriptions
          className="hm-stack"
          size="small"
          column={1}
          title={t('me.basic')}
          items={[
            { key: 'id', label: t('person.idNumber'), children: <span className="hm-mono">{p.idNumber}</span> },
            { key: 'phone', label: t('person.phone'), children: <span className="hm-mono">{p.phone ?? t('common.none')}</span> },
            { key: 'birth', label: t('person.birthDate'), children: p.birthDate },
            { key: 'edu', label: t('person.education'), children: dyn(`person.educations.${p.education}`, p.education) },
            { key: 'hukou', label: t('person.hukou'), children: place(p.hukou) },
            { key: 'res', label: t('person.residence'), children: place(p.residence) },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
          <SafetyOutlined /> {t('me.privacy')}
        </Typography.Paragraph>
      </Card>

      <Card size="small" title={t('me.household')}>
        {members.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('person.noHousehold')} />
        ) : (
          <ItemList
            rows={members.map((m) => ({
              key: m.id,
              title: <Typography.Text strong={m.id === p.id}>{m.name}</Typography.Text>,
              extra: m.relation ? <Tag>{dyn(`person.relations.${m.relation}`, m.relation)}</Tag> : null,
            }))}
          />
        )}
      </Card>

      <Card size="small" title={t('me.insurance')} data-testid="my-insurance">
        {data.insurance.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('me.noInsurance')} />
        ) : (
          <ItemList
            rows={data.insurance.map((r, i) => {
              const status = typeof r.status === 'string' ? r.status : '';
              return {
                key: i,
                title: cell.value('scheme', r.scheme),
                description: `${cell.label('enrolled_on')}:${cell.value('enrolled_on', r.enrolled_on)}`,
                extra: status ? <Tag color={STATUS_COLOR[status]}>{cell.value('status', status)}</Tag> : null,
              };
            })}
          />
        )}
      </Card>

      <Card size="small" title={t('me.employment')}>
        {data.employment.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('me.noEmployment')} />
        ) : (
          <ItemList
            rows={data.employment.map((e) => ({
              key: `${e.enterpriseId}-${e.startDate}`,
              title: e.enterpriseName,
              description: (
                <>
                  <span style={{ display: 'block' }}>
                    {e.startDate} – {e.endDate ?? ''}
                  </span>
                  <span style={{ display: 'block' }}>
                    {t('person.monthlyWage')}:{t('common.yuan', { amount: formatFen(e.monthlyWageFen) })}
                  </span>
                </>
              ),
              extra: e.endDate ? null : <Tag color="green">{t('person.current')}</Tag>,
            }))}
          />
        )}
      </Card>

      <Card size="small" title={t('me.statuses')}>
        {data.statuses.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('me.noStatuses')} />
        ) : (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {data.statuses.map((s) => (
              <div key={s.table}>
                <Typography.Text strong>{bi(s.label)}</Typography.Text>
                {s.departmentName && (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginBottom: 6 }}>
                    {bi(s.departmentName)}
                  </Typography.Text>
                )}
                <DepartmentRowsList rows={s.rows} />
              </div>
            ))}
          </Space>
        )}
      </Card>
    </Space>
  );
}
