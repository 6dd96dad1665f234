// 参保登记 at /me/enterprise/enrolment: an enterprise's current employees missing insurance (name, ID
// number masked but for the last four, start date, what is missing), and the application for the
// enrolment bundle — the employee's name and full ID number — which opens the tasks in the
// departments; the answer's tracking code leads to its progress.
import { SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../../shared/api';
import { ErrorAlert } from '../../../shared/ErrorAlert';
import { useI18n } from '../../../shared/i18n';
import { ItemList } from '../../../shared/ItemList';
import { LoadError } from '../../../shared/results';
import { useApi } from '../../../shared/useApi';
import { placeFieldErrors, useCode } from '../common';
import type { EmployeeWithoutInsurance, MyBundle } from '../types';
import { PageTitle } from './common';

type Values = { name?: string; idNumber?: string };

export default function EnterpriseEnrolmentPage() {
  const { t, lang } = useI18n();
  const code = useCode();
  const { message } = App.useApp();
  const list = useApi<{ items: EmployeeWithoutInsurance[] }>('/api/me/enterprise/employees-without-insurance');
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<ReturnType<typeof placeFieldErrors>>([]);
  const [done, setDone] = useState<MyBundle | null>(null);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const b = await api.post<MyBundle>('/api/me/bundles/enrolment', { name: v.name?.trim(), idNumber: v.idNumber?.trim().toUpperCase() });
      setDone(b);
      void message.success(t('insurance.portal.enrolled', { code: b.trackingCode }));
      form.resetFields();
      list.reload();
    } catch (e) {
      setError(e);
      setUnplaced(placeFieldErrors(form, e, lang, ['name', 'idNumber']));
    } finally {
      setBusy(false);
    }
  };

  const fill = (e: EmployeeWithoutInsurance) => {
    form.setFieldsValue({ name: e.name, idNumber: undefined });
    form.getFieldInstance?.('idNumber')?.focus?.();
    document.querySelector('[data-testid="enrol-form"]')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  return (
    <div data-testid="enterprise-enrolment">
      <PageTitle title={t('insurance.portal.enrolTitle')} intro={t('insurance.portal.enrolIntro')} />
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Card size="small" title={t('insurance.portal.form')} data-testid="enrol-form">
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
            {t('insurance.portal.formHint')}
          </Typography.Paragraph>
          {done && (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="enrol-done"
              title={t('insurance.portal.enrolled', { code: done.trackingCode })}
              action={
                <Link to={`/me/bundles/${done.id}`}>
                  <Button size="small">{t('insurance.portal.viewBundle')}</Button>
                </Link>
              }
            />
          )}
          {error !== null && <ErrorAlert error={error} details={unplaced} style={{ marginBottom: 12 }} onClose={() => setError(null)} />}
          <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
            <Form.Item name="name" label={t('insurance.common.name')} rules={[{ required: true, whitespace: true, message: t('insurance.portal.nameRequired') }]}>
              <Input maxLength={50} autoComplete="off" data-testid="enrol-name" />
            </Form.Item>
            <Form.Item
              name="idNumber"
              label={t('insurance.common.idNumber')}
              normalize={(v: string | undefined) => v?.toUpperCase()}
              rules={[
                { required: true, message: t('insurance.portal.idNumberLength') },
                {
                  validator: async (_, v: string | undefined) => {
                    const s = (v ?? '').trim();
                    if (!s) return;
                    if (s.length !== 18) throw new Error(t('insurance.portal.idNumberLength'));
                    if (!/^\d{17}[\dX]$/.test(s)) throw new Error(t('insurance.portal.idNumberFormat'));
                  },
                },
              ]}
            >
              <Input maxLength={18} inputMode="text" autoComplete="off" className="hm-mono" data-testid="enrol-id-number" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" icon={<SendOutlined />} loading={busy} data-testid="enrol-submit">
              {t('insurance.portal.enrol')}
            </Button>
          </Form>
        </Card>
        <Card size="small" title={t('insurance.portal.missingTitle')} data-testid="employees-without-insurance">
          {list.error && !list.data ? (
            <LoadError error={list.error} onRetry={list.reload} />
          ) : !list.data ? (
            <Skeleton active paragraph={{ rows: 4 }} />
          ) : list.data.items.length === 0 ? (
            <Typography.Text type="secondary">{t('insurance.portal.missingEmpty')}</Typography.Text>
          ) : (
            <ItemList
              rows={list.data.items.map((e, i) => ({
                key: `${e.idNumberTail}-${i}`,
                title: (
                  <span>
                    {e.name} <span className="hm-mono" style={{ fontSize: 12 }}>{e.idNumberMasked}</span>
                  </span>
                ),
                description: (
                  <>
                    <span className="hm-num">{t('insurance.portal.startDate', { date: e.startDate })}</span>
                    <div>
                      {t('insurance.portal.missing')}
                      {e.missing.map((m) => (
                        <Tag key={m} color="orange" style={{ marginInlineEnd: 4 }}>
                          {code('scheme', m)}
                        </Tag>
                      ))}
                    </div>
                  </>
                ),
                extra: (
                  <Button size="small" onClick={() => fill(e)} data-testid="enrol-fill">
                    {t('insurance.portal.fill')}
                  </Button>
                ),
              }))}
            />
          )}
        </Card>
      </Space>
    </div>
  );
}
