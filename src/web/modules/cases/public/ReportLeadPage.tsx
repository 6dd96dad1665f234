// 反映欠薪线索 without an account, at /report/wage-arrears: the kind's public form in steps, a phone
// check, and a tracking code at the end. Only /api/public/… is called; mounted outside the sign-in guard.
import { Card, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../shared/i18n';
import { LoadError } from '../../../shared/results';
import { useApi } from '../../../shared/useApi';
import { LeadForm } from './LeadForm';
import { WAGE_ARREARS, type CaseForm } from './lead';
import { PublicCaseShell } from './PublicCaseShell';

export default function ReportLeadPage() {
  const { t } = useI18n();
  const form = useApi<CaseForm>(`/api/public/case-forms/${WAGE_ARREARS}`);
  // A new key after "report another" starts the form afresh.
  const [round, setRound] = useState(0);

  return (
    <PublicCaseShell testId="report-lead-page">
      <Typography.Title level={4} style={{ margin: '4px 0 4px' }}>
        {t('casesPublic.report.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 12 }}>
        {t('casesPublic.report.intro')}
      </Typography.Paragraph>
      {form.error ? (
        <LoadError error={form.error} onRetry={form.reload} />
      ) : !form.data ? (
        <Card size="small">
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : (
        <LeadForm key={round} form={form.data} mode="public" onReset={() => setRound((r) => r + 1)} />
      )}
    </PublicCaseShell>
  );
}
