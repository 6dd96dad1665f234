// 登记事项: staff enter a case from a 12345 hotline call or a visit. The form is generated from the
// chosen kind's fields (money entered in yuan and sent as integer fen); the server's field errors
// (`fields.amountFen`, `reporter.phone`) are shown next to their fields.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Form, Grid, Input, InputNumber, Radio, Row, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { errorDetails } from '../../shared/ErrorAlert';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { CaseErrorAlert, KindSelect, PageHeader, useCaseKinds, useDistricts, yuanToFen } from './common';
import type { CaseField, CaseKind, NewCaseResult } from './types';

type Source = 'hotline' | 'staff';
type FormValues = { source: Source; fields: Record<string, unknown>; reporter?: { name?: string; phone?: string } };

export default function NewCasePage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const kinds = useCaseKinds();
  const [params, setParams] = useSearchParams();
  const kindCode = params.get('kind') ?? undefined;
  const kind = kindCode ? kinds.byCode.get(kindCode) : undefined;

  if (kinds.error && kinds.list.length === 0) return <LoadError error={kinds.error} />;
  return (
    <div data-testid="case-new">
      <Link to="/cases" style={{ display: 'inline-block', marginBottom: 12 }}>
        <ArrowLeftOutlined /> {t('cases.common.back')}
      </Link>
      <PageHeader title={t('cases.newCase.title')} hint={t('cases.newCase.hint')} />
      {!can('case.handle') ? (
        <Alert type="info" showIcon title={t('cases.newCase.cannotHandle')} />
      ) : (
        <>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Space wrap>
              <Typography.Text strong>
                {t('cases.newCase.kind')}
                {t('cases.colon')}
              </Typography.Text>
              <KindSelect
                kinds={kinds.list}
                value={kind?.code}
                allowClear={false}
                placeholder={t('cases.common.chooseKind')}
                style={{ minWidth: 240 }}
                testId="new-case-kind"
                onChange={(k) => setParams(k ? { kind: k } : {}, { replace: true })}
              />
            </Space>
          </Card>
          {kind ? (
            <CaseForm key={`${kind.code}@${kind.version}`} kind={kind} />
          ) : (
            <Card>
              <Empty description={t('cases.newCase.choosePrompt')} />
            </Card>
          )}
        </>
      )}
    </div>
  );
}

function CaseForm({ kind }: { kind: CaseKind }) {
  const { t, bi, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const narrow = Grid.useBreakpoint().md === false;
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<ReturnType<typeof errorDetails>>([]);
  // Enter in a field and a click on the button can both submit: one case is opened, not two.
  const inFlight = useRef(false);

  const submit = async (v: FormValues) => {
    if (inFlight.current) return;
    inFlight.current = true;
    const fields: Record<string, unknown> = {};
    for (const f of kind.fields) {
      const raw = v.fields?.[f.name];
      const value = toServer(f, raw);
      if (value !== undefined) fields[f.name] = value;
    }
    const name = v.reporter?.name?.trim();
    const phone = v.reporter?.phone?.trim();
    const body = { kind: kind.code, source: v.source, fields, ...(name || phone ? { reporter: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } } : {}) };
    setBusy(true);
    setError(null);
    setUnplaced([]);
    try {
      const r = await api.post<NewCaseResult>('/api/cases', body);
      void message.success(t('cases.newCase.created', { code: r.trackingCode }), 6);
      navigate(`/cases/${r.id}`);
    } catch (e) {
      const details = errorDetails(e);
      const placed: typeof details = [];
      if (e instanceof ApiError && e.code === 'VALIDATION') {
        // Paths look like `fields.amountFen` or `reporter.phone`: the form's own names.
        const known = new Set([...kind.fields.map((f) => `fields.${f.name}`), 'reporter.name', 'reporter.phone']);
        for (const d of details) if (d.path && known.has(d.path)) placed.push(d);
        form.setFields(placed.map((d) => ({ name: d.path!.split('.') as never, errors: [lang === 'en' ? d.messageEn || d.message : d.message] })));
        if (placed[0]?.path) form.scrollToField(placed[0].path.split('.') as never, { block: 'center' });
      }
      setUnplaced(details.filter((d) => !placed.includes(d)));
      setError(e);
      inFlight.current = false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      onFinish={(v) => void submit(v)}
      initialValues={{ source: kind.public ? 'hotline' : 'staff', fields: {} }}
      scrollToFirstError={{ block: 'center' }}
      data-testid="new-case-form"
    >
      <Card size="small" title={bi(kind.label)} style={{ marginBottom: 16 }}>
        <Form.Item name="source" label={t('cases.newCase.source')}>
          <Radio.Group
            data-testid="new-case-source"
            optionType="button"
            options={[
              { value: 'hotline', label: t('cases.source.hotline') },
              { value: 'staff', label: t('cases.source.staff') },
            ]}
          />
        </Form.Item>
        <Row gutter={16}>
          {kind.fields.map((f) => (
            <Col key={f.name} xs={24} md={f.type === 'longtext' ? 24 : 12}>
              <FieldItem field={f} />
            </Col>
          ))}
        </Row>
      </Card>
      <Card size="small" title={t('cases.newCase.reporter')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name={['reporter', 'name']} label={t('cases.newCase.reporterName')}>
              <Input maxLength={50} data-testid="new-case-reporter-name" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['reporter', 'phone']} label={t('cases.newCase.reporterPhone')} rules={[{ pattern: /^1\d{10}$/, message: t('cases.newCase.phoneInvalid') }]}>
              <Input maxLength={11} inputMode="numeric" data-testid="new-case-reporter-phone" autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      {error !== null &&
        (error instanceof ApiError && error.code === 'VALIDATION' && unplaced.length === 0 && errorDetails(error).length > 0 ? (
          // Every problem is shown at its field: the alert only points there.
          <Alert type="error" showIcon data-testid="new-case-fix-fields" title={t('cases.newCase.unmatched')} style={{ marginBottom: 16 }} />
        ) : (
          <CaseErrorAlert error={error} details={unplaced} style={{ marginBottom: 16 }} />
        ))}
      <Row justify="end">
        <Button type="primary" htmlType="submit" loading={busy} block={narrow} size={narrow ? 'large' : undefined} data-testid="new-case-submit">
          {t('cases.newCase.submit')}
        </Button>
      </Row>
    </Form>
  );
}

/** A form value as the server wants it; undefined leaves an optional field out. */
function toServer(f: CaseField, v: unknown): unknown {
  if (v === undefined || v === null || v === '') return undefined;
  switch (f.type) {
    case 'money':
      return yuanToFen(v as string) ?? v;
    case 'date':
      return dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : v;
    case 'month':
      return dayjs.isDayjs(v) ? v.format('YYYY-MM') : v;
    case 'text':
    case 'longtext':
      return typeof v === 'string' ? v.trim() || undefined : v;
    case 'creditCode':
      return typeof v === 'string' ? v.trim().toUpperCase() || undefined : v;
    default:
      return v;
  }
}

/** One field of the kind, as the input its type calls for. */
function FieldItem({ field: f }: { field: CaseField }) {
  const { t, bi } = useI18n();
  const districts = useDistricts();
  const label = bi(f.label);
  const name = ['fields', f.name];
  const help = f.help ? bi(f.help) : undefined;
  const required = (choose: boolean) => (f.required ? [{ required: true, message: t(choose ? 'cases.newCase.chooseRequired' : 'cases.newCase.required', { field: label }) }] : []);
  const testId = `field-${f.name}`;

  switch (f.type) {
    case 'text':
      return (
        <Form.Item name={name} label={label} extra={help} rules={[...required(false), { whitespace: true, message: t('cases.newCase.required', { field: label }) }]}>
          <Input maxLength={f.max ?? 200} data-testid={testId} autoComplete="off" />
        </Form.Item>
      );
    case 'longtext':
      return (
        <Form.Item name={name} label={label} extra={help} rules={[...required(false), { whitespace: true, message: t('cases.newCase.required', { field: label }) }]}>
          <Input.TextArea rows={4} maxLength={f.max ?? 4000} showCount data-testid={testId} />
        </Form.Item>
      );
    case 'integer':
      return (
        <Form.Item name={name} label={label} extra={help} rules={required(false)}>
          <InputNumber min={0} max={f.max ?? 1_000_000_000} precision={0} style={{ width: '100%' }} data-testid={testId} />
        </Form.Item>
      );
    case 'money':
      return (
        <Form.Item
          name={name}
          label={label}
          extra={help}
          rules={[
            ...required(false),
            {
              validator: async (_, v: string | undefined) => {
                if (v === undefined || v === null || v === '') return;
                const fen = yuanToFen(v);
                if (fen === null || (f.max !== undefined && fen > f.max)) throw new Error(t('cases.newCase.moneyInvalid'));
              },
            },
          ]}
        >
          {/* String mode keeps the yuan exact until it becomes fen. */}
          <InputNumber<string>
            stringMode
            min="0"
            max={f.max !== undefined ? String(f.max / 100) : undefined}
            precision={2}
            style={{ width: '100%' }}
            suffix={t('cases.newCase.yuanSuffix')}
            data-testid={testId}
          />
        </Form.Item>
      );
    case 'boolean':
      return (
        <Form.Item name={name} label={label} extra={help} rules={required(true)}>
          <Radio.Group
            data-testid={testId}
            options={[
              { value: true, label: t('common.yes') },
              { value: false, label: t('common.no') },
            ]}
          />
        </Form.Item>
      );
    case 'date':
      return (
        <Form.Item name={name} label={label} extra={help} rules={required(true)}>
          <DatePicker format="YYYY-MM-DD" placeholder={t('cases.newCase.pickDate')} style={{ width: '100%' }} data-testid={testId} />
        </Form.Item>
      );
    case 'month':
      return (
        <Form.Item name={name} label={label} extra={help} rules={required(true)}>
          <DatePicker picker="month" format="YYYY-MM" placeholder={t('cases.newCase.pickMonth')} style={{ width: '100%' }} data-testid={testId} />
        </Form.Item>
      );
    case 'district':
      return (
        <Form.Item name={name} label={label} extra={help} rules={required(true)}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={districts.loading}
            placeholder={t('cases.newCase.pickDistrict')}
            options={districts.list.map((d) => ({ value: d.code, label: d.name }))}
            data-testid={testId}
            allowClear={!f.required}
          />
        </Form.Item>
      );
    case 'enum':
      return (
        <Form.Item name={name} label={label} extra={help} rules={required(true)}>
          <Select placeholder={t('cases.newCase.pickOption')} options={(f.options ?? []).map((o) => ({ value: o.code, label: bi(o.label) }))} data-testid={testId} allowClear={!f.required} />
        </Form.Item>
      );
    case 'creditCode':
      return (
        <Form.Item
          name={name}
          label={label}
          extra={help}
          rules={[...required(false), { pattern: /^[0-9A-Za-z]{18}$/, message: t('cases.newCase.creditCodeInvalid') }]}
          normalize={(v: string | undefined) => v?.toUpperCase()}
        >
          <Input maxLength={18} className="hm-mono" data-testid={testId} autoComplete="off" />
        </Form.Item>
      );
  }
}
