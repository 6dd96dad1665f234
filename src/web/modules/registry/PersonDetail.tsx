// One person's record: masked by default, every view audited; the full ID and phone numbers only
// with the `person.unmask` permission and a stated purpose.
import { ArrowLeftOutlined, EyeOutlined, FileSearchOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Modal, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, errorText } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { DepartmentRowsTable } from '../../shared/DepartmentRows';
import { formatFen } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { LoadError, NotFoundResult } from '../../shared/results';
import type { ContributionMonth, Employment, HouseholdMember, PersonRecord, Place, Unmasked } from '../../shared/types';
import { useApi } from '../../shared/useApi';

export default function PersonDetail() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const { t, bi, dyn } = useI18n();
  const { user, can } = useAuth();
  const valid = /^[1-9]\d{0,15}$/.test(id);
  // The purpose, when the caller came with one (e.g. from a case), is recorded with the read.
  const { data, error, reload } = useApi<PersonRecord>(valid ? `/api/persons/${id}` : null, { purpose: params.get('purpose') ?? undefined });
  const [unmasked, setUnmasked] = useState<(Unmasked & { personId: string }) | null>(null);
  const [unmaskOpen, setUnmaskOpen] = useState(false);

  if (!valid) return <NotFoundResult message={t('errors.personNotFound')} />;
  if (error) return <LoadError error={error} onRetry={reload} notFoundMessage={t('errors.personNotFound')} />;
  const record = data && String(data.person.id) === id ? data : undefined;
  if (!record) return <Skeleton active paragraph={{ rows: 8 }} />;

  const p = record.person;
  const full = unmasked?.personId === id ? unmasked : null;
  const place = (x: Place) => [x.districtName, x.townshipName, x.villageName].filter(Boolean).join(' / ') || t('common.none');
  const hrHidden = user?.role === 'department_officer' && user.departmentCode !== 'hrss';

  const memberColumns: ColumnsType<HouseholdMember> = [
    {
      title: t('person.name'),
      dataIndex: 'name',
      render: (name: string, m) => (m.id === p.id ? <Typography.Text strong>{name}</Typography.Text> : <Link to={`/persons/${m.id}`}>{name}</Link>),
    },
    { title: t('person.relation'), dataIndex: 'relation', render: (r: string | null) => (r ? dyn(`person.relations.${r}`, r) : t('common.none')) },
    { title: t('person.sex'), dataIndex: 'sex', render: (s?: string) => (s ? dyn(`person.sexes.${s}`, s) : t('common.none')) },
    { title: t('person.age'), dataIndex: 'age', className: 'hm-num' },
  ];
  const employmentColumns: ColumnsType<Employment> = [
    { title: t('person.enterprise'), dataIndex: 'enterpriseName' },
    { title: t('person.startDate'), dataIndex: 'startDate', className: 'hm-num' },
    { title: t('person.endDate'), dataIndex: 'endDate', className: 'hm-num', render: (d: string | null) => d ?? <Tag color="green">{t('person.current')}</Tag> },
    { title: t('person.monthlyWage'), dataIndex: 'monthlyWageFen', align: 'right', className: 'hm-num', render: (f: number) => t('common.yuan', { amount: formatFen(f) }) },
  ];
  const money = (f: number) => formatFen(f);
  const contributionColumns: ColumnsType<ContributionMonth> = [
    { title: t('person.month'), dataIndex: 'month', className: 'hm-num' },
    { title: t('person.base'), dataIndex: 'baseFen', align: 'right', className: 'hm-num', render: money },
    { title: t('person.pension'), dataIndex: 'pensionFen', align: 'right', className: 'hm-num', render: money },
    { title: t('person.unemployment'), dataIndex: 'unemploymentFen', align: 'right', className: 'hm-num', render: money },
    { title: t('person.injury'), dataIndex: 'injuryFen', align: 'right', className: 'hm-num', render: money },
  ];

  const maskTag = full ? <Tag color="orange">{t('person.unmasked')}</Tag> : <Tag>{t('person.masked')}</Tag>;
  const overview = (
    <Descriptions
      className="hm-stack"
      bordered
      size="small"
      column={{ xs: 1, sm: 1, md: 2, xl: 2 }}
      items={[
        {
          key: 'id',
          label: t('person.idNumber'),
          children: (
            <Space wrap size={4}>
              <span className="hm-mono" data-testid="person-id-number">
                {full?.idNumber ?? p.idNumber}
              </span>
              {maskTag}
            </Space>
          ),
        },
        {
          key: 'phone',
          label: t('person.phone'),
          children: (
            <Space wrap size={4}>
              <span className="hm-mono" data-testid="person-phone">
                {(full ? full.phone : p.phone) ?? t('common.none')}
              </span>
              {(full ? full.phone : p.phone) && maskTag}
            </Space>
          ),
        },
        { key: 'sex', label: t('person.sex'), children: dyn(`person.sexes.${p.sex}`, p.sex) },
        { key: 'birth', label: t('person.birthDate'), children: <span className="hm-num">{p.birthDate}</span> },
        { key: 'age', label: t('person.age'), children: t('person.ageValue', { age: p.age }) },
        { key: 'edu', label: t('person.education'), children: dyn(`person.educations.${p.education}`, p.education) },
        { key: 'hukou', label: t('person.hukou'), children: place(p.hukou) },
        {
          key: 'residence',
          label: t('person.residence'),
          children: can('division.read') ? <Link to={`/divisions/${p.residence.villageCode}`}>{place(p.residence)}</Link> : place(p.residence),
        },
        ...(record.batch
          ? [
              {
                key: 'source',
                label: t('person.source'),
                children: can('import.read') ? (
                  <Link to={`/imports?batch=${record.batch.id}`}>{t('person.sourceBatch', { id: record.batch.id })}</Link>
                ) : (
                  t('person.sourceBatch', { id: record.batch.id })
                ),
              },
            ]
          : []),
      ]}
    />
  );

  const tabs = [
    { key: 'overview', label: t('person.tabs.overview'), children: overview },
    {
      key: 'household',
      label: t('person.tabs.household'),
      children: p.household ? (
        <>
          <Typography.Paragraph type="secondary">{t('person.householdId', { id: p.household.id })}</Typography.Paragraph>
          <Table<HouseholdMember> rowKey="id" size="small" columns={memberColumns} dataSource={p.household.members} pagination={false} scroll={{ x: 'max-content' }} />
        </>
      ) : (
        <Empty description={t('person.noHousehold')} />
      ),
    },
    {
      key: 'employment',
      label: t('person.tabs.employment'),
      children: hrHidden ? (
        <Alert type="info" showIcon title={t('person.hrssHidden')} />
      ) : record.employment.length ? (
        <Table<Employment>
          rowKey={(e) => `${e.enterpriseId}-${e.startDate}`}
          size="small"
          columns={employmentColumns}
          dataSource={record.employment}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      ) : (
        <Empty description={t('person.noEmployment')} />
      ),
    },
    {
      key: 'contributions',
      label: t('person.tabs.contributions'),
      children: hrHidden ? (
        <Alert type="info" showIcon title={t('person.hrssHidden')} />
      ) : record.contributions.months.length ? (
        <>
          <Typography.Paragraph type="secondary">{t('person.contributionsNote')}</Typography.Paragraph>
          <Table<ContributionMonth>
            rowKey="month"
            size="small"
            columns={contributionColumns}
            dataSource={record.contributions.months}
            pagination={{ pageSize: 12, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
          />
        </>
      ) : (
        <Empty description={t('person.noContributions')} />
      ),
    },
    {
      key: 'department',
      label: t('person.tabs.departmentData'),
      children: record.departmentData.length ? (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {record.departmentData.map((d) => (
            <Card key={d.table} size="small" title={bi(d.label)} extra={<Typography.Text type="secondary">{bi(d.departmentName, d.department)}</Typography.Text>}>
              <DepartmentRowsTable rows={d.rows} />
            </Card>
          ))}
        </Space>
      ) : (
        <Empty description={t('person.noDepartmentData')} />
      ),
    },
  ];

  return (
    <div>
      <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: 8, marginBottom: 12 }}>
        <Link to="/persons">
          <ArrowLeftOutlined /> {t('person.searchTitle')}
        </Link>
        {can('entitlement.read') && (
          <Link to={`/explain/person/${p.id}`} state={{ name: p.name }} data-testid="explain-link">
            <FileSearchOutlined /> {t('rules.explain.openFromPerson')}
          </Link>
        )}
      </div>
      <Alert data-testid="audit-notice" type="warning" showIcon icon={<SafetyCertificateOutlined />} title={t('person.auditedNotice')} style={{ marginBottom: 16 }} />
      <Card
        title={
          <Space wrap size={8}>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="person-name">
              {p.name}
            </Typography.Title>
            <Tag>{dyn(`person.sexes.${p.sex}`, p.sex)}</Tag>
            <Tag>{t('person.ageValue', { age: p.age })}</Tag>
          </Space>
        }
        extra={
          can('person.unmask') && !full ? (
            <Button data-testid="unmask-button" icon={<EyeOutlined />} onClick={() => setUnmaskOpen(true)}>
              {t('person.unmask')}
            </Button>
          ) : null
        }
      >
        <Tabs items={tabs} />
      </Card>
      {can('person.unmask') && (
        <UnmaskModal
          open={unmaskOpen}
          personId={id}
          onClose={() => setUnmaskOpen(false)}
          onDone={(u) => {
            setUnmasked({ ...u, personId: id });
            setUnmaskOpen(false);
          }}
        />
      )}
    </div>
  );
}

function UnmaskModal({ open, personId, onClose, onDone }: { open: boolean; personId: string; onClose: () => void; onDone: (u: Unmasked) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ purpose: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const { purpose } = await form.validateFields();
    setBusy(true);
    try {
      onDone(await api.post<Unmasked>(`/api/persons/${personId}/unmask`, { purpose: purpose.trim() }));
      form.resetFields();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('person.unmaskTitle')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'unmask-confirm' }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('person.unmaskHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="purpose"
          label={t('person.purpose')}
          required
          rules={[
            { validator: (_, v: string | undefined) => ((v ?? '').trim().length >= 4 ? Promise.resolve() : Promise.reject(new Error(t('person.purposeMin')))) },
          ]}
        >
          <Input.TextArea data-testid="unmask-purpose" rows={3} maxLength={200} showCount placeholder={t('person.purposePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
