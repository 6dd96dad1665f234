// The payee's account, for confirming (意愿确认), applying (快申快享, with the declaration) or
// correcting the account after a failed payment. Citizens default to their social security card;
// enterprises are paid into a bank account in their registered name. The server checks it all again.
import { BankOutlined, CreditCardOutlined } from '@ant-design/icons';
import { Button, Checkbox, Form, Input, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { ErrorAlert, errorDetails } from './common';
import type { AccountBody } from './types';

export type AccountFormMode = 'confirm' | 'apply' | 'correct';

type Values = { accountKind: 'social_security_card' | 'bank'; bank?: string; accountNo?: string; accountName?: string; declaration?: boolean };

const FIELDS = ['accountKind', 'bank', 'accountNo', 'accountName', 'declaration'] as const;

export function AccountForm({
  mode,
  enterprise,
  payeeName,
  onSubmit,
  onCancel,
}: {
  mode: AccountFormMode;
  /** Enterprises use a bank account only. */
  enterprise: boolean;
  /** The payee's registered name, proposed as the account name. */
  payeeName: string;
  onSubmit: (body: AccountBody & { declaration?: true }) => Promise<void>;
  onCancel?: () => void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('accountKind', form) ?? (enterprise ? 'bank' : 'social_security_card');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const account: AccountBody =
        v.accountKind === 'bank'
          ? { accountKind: 'bank', bank: (v.bank ?? '').trim(), accountNo: v.accountNo ?? '', accountName: (v.accountName ?? '').trim() }
          : { accountKind: 'social_security_card' };
      await onSubmit(mode === 'apply' ? { ...account, declaration: true } : account);
    } catch (e) {
      setError(e);
      // Field-level problems (path "body.accountNo") go next to their field as well.
      if (e instanceof ApiError) {
        const fields = errorDetails(e)
          .map((d) => ({ d, name: FIELDS.find((f) => d.path === f || d.path?.endsWith(`.${f}`)) }))
          .filter((x) => x.name);
        if (fields.length) form.setFields(fields.map(({ d, name }) => ({ name: name!, errors: [lang === 'en' ? d.messageEn || d.message : d.message] })));
      }
    } finally {
      setBusy(false);
    }
  };

  const submitLabel = mode === 'apply' ? t('benefits.account.submitApply') : mode === 'correct' ? t('benefits.account.submitCorrect') : t('benefits.account.submitConfirm');

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{ accountKind: enterprise ? 'bank' : 'social_security_card', accountName: payeeName, declaration: false }}
      onFinish={submit}
      data-testid="account-form"
      scrollToFirstError
    >
      {mode === 'apply' && <Typography.Paragraph type="secondary">{t('benefits.account.prefilled')}</Typography.Paragraph>}
      <Form.Item name="accountKind" label={t('benefits.account.kind')}>
        <Radio.Group style={{ width: '100%' }} data-testid="account-kind">
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            {!enterprise && (
              <Radio value="social_security_card" style={{ alignItems: 'flex-start', padding: '6px 0' }} data-testid="account-kind-card">
                <span style={{ display: 'block' }}>
                  <CreditCardOutlined /> {t('benefits.account.card')}
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t('benefits.account.cardHelp')}
                </Typography.Text>
              </Radio>
            )}
            <Radio value="bank" style={{ alignItems: 'flex-start', padding: '6px 0' }} data-testid="account-kind-bank">
              <span style={{ display: 'block' }}>
                <BankOutlined /> {enterprise ? t('benefits.account.bankEnterprise') : t('benefits.account.bank')}
              </span>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {enterprise ? t('benefits.account.bankHelpEnterprise') : t('benefits.account.bankHelp')}
              </Typography.Text>
            </Radio>
          </Space>
        </Radio.Group>
      </Form.Item>
      {kind === 'bank' && (
        <>
          <Form.Item
            name="bank"
            label={t('benefits.account.bankName')}
            rules={[{ required: true, whitespace: true, min: 2, max: 60, message: t('benefits.account.bankNameRequired') }]}
          >
            <Input size="large" maxLength={60} placeholder={t('benefits.account.bankNamePlaceholder')} autoComplete="off" data-testid="account-bank" />
          </Form.Item>
          <Form.Item
            name="accountNo"
            label={t('benefits.account.accountNo')}
            // Spaces typed to group the digits are dropped.
            normalize={(v: string) => (v ?? '').replace(/\s+/g, '')}
            rules={[{ required: true, pattern: /^\d{12,30}$/, message: t('benefits.account.accountNoInvalid') }]}
          >
            <Input size="large" inputMode="numeric" autoComplete="off" maxLength={40} placeholder={t('benefits.account.accountNoPlaceholder')} className="hm-mono" data-testid="account-no" />
          </Form.Item>
          <Form.Item
            name="accountName"
            label={t('benefits.account.accountName')}
            rules={[{ required: true, whitespace: true, max: 100, message: t('benefits.account.accountNameRequired') }]}
          >
            <Input size="large" maxLength={100} autoComplete="off" data-testid="account-name" />
          </Form.Item>
        </>
      )}
      {mode === 'apply' && (
        <Form.Item
          name="declaration"
          valuePropName="checked"
          rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('benefits.account.declarationRequired')))) }]}
        >
          <Checkbox data-testid="account-declaration" style={{ padding: '6px 0' }}>
            {t('benefits.account.declaration')}
          </Checkbox>
        </Form.Item>
      )}
      {error !== null && <ErrorAlert error={error} style={{ marginBottom: 12 }} />}
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="account-submit">
          {submitLabel}
        </Button>
        {onCancel && (
          <Button size="large" block onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </Button>
        )}
      </Space>
    </Form>
  );
}
