// The report form of a public case kind in short steps, phones first: the kind's fields in groups,
// then the phone check (without an account) or a confirmation (a signed-in citizen), then the tracking
// code. Field labels, limits and help come from the kind; money is typed in yuan and sent in fen.
// Every step stays mounted (hidden when not current) so that a server error can be shown on its field.
import { CheckCircleFilled, CopyOutlined, EditOutlined, MobileOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Grid, Input, InputNumber, Radio, Select, Space, Steps, Typography, theme } from 'antd';
import type { FormInstance, Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../../shared/api';
import { ErrorAlert, errorDetails } from '../../../shared/ErrorAlert';
import { formatFen } from '../../../shared/format';
import { useI18n } from '../../../shared/i18n';
import { creditCodeProblem, maskPhone, rememberTrackingCode, yuanToFen, type CaseForm, type FormField, type PhoneCodeSent } from './lead';

export type LeadFormMode = 'public' | 'citizen';
type StepKey = 'employer' | 'owed' | 'details' | 'phone' | 'confirm' | 'done';
type Values = Record<string, unknown>;
type Detail = ReturnType<typeof errorDetails>[number];

/** How a kind's fields are grouped into steps and the few rules between them. */
type KindLayout = {
  steps: { key: StepKey; fields: string[] }[];
  /** A field asked only when a yes/no field is yes. */
  onlyIf?: Record<string, string>;
  /** Two fields side by side on one row (the first names the row). */
  pairs?: Record<string, string>;
  /** A month range: the second may not be before the first. */
  monthRange?: [string, string];
  /** The smallest number a field accepts (otherwise 0). */
  min?: Record<string, number>;
  placeholder?: Record<string, 'employerPlaceholder' | 'creditCodePlaceholder' | 'projectPlaceholder' | 'amountPlaceholder' | 'workersPlaceholder'>;
  /** Help that depends on another answer. */
  help?: Record<string, (v: Values) => 'districtHelp' | 'districtHelpConstruction' | 'constructionHelp' | 'amountHelp'>;
};

const LAYOUTS: Record<string, KindLayout> = {
  // 欠薪线索: ① the employer ② what is owed.
  wage_arrears: {
    steps: [
      { key: 'employer', fields: ['employerName', 'employerCreditCode', 'construction', 'projectName', 'projectDistrict'] },
      { key: 'owed', fields: ['periodFrom', 'periodTo', 'amountFen', 'workers', 'description'] },
    ],
    onlyIf: { projectName: 'construction' },
    pairs: { periodFrom: 'periodTo' },
    monthRange: ['periodFrom', 'periodTo'],
    min: { workers: 1 },
    placeholder: { employerName: 'employerPlaceholder', employerCreditCode: 'creditCodePlaceholder', projectName: 'projectPlaceholder', amountFen: 'amountPlaceholder', workers: 'workersPlaceholder' },
    help: {
      construction: () => 'constructionHelp',
      projectDistrict: (v) => (v.construction === true ? 'districtHelpConstruction' : 'districtHelp'),
      amountFen: () => 'amountHelp',
    },
  },
};

/** The field groups of a kind: its layout, with any field the layout does not name in the last group. */
function stepsOf(form: CaseForm): { key: StepKey; fields: FormField[] }[] {
  const layout = LAYOUTS[form.kind];
  const byName = new Map(form.fields.map((f) => [f.name, f]));
  if (!layout) return [{ key: 'details', fields: form.fields }];
  const named = new Set(layout.steps.flatMap((s) => s.fields));
  const groups = layout.steps.map((s) => ({ key: s.key, fields: s.fields.map((n) => byName.get(n)).filter((f): f is FormField => !!f) }));
  groups[groups.length - 1]!.fields.push(...form.fields.filter((f) => !named.has(f.name)));
  return groups.filter((g) => g.fields.length > 0);
}

const PHONE_FIELDS = ['phone', 'phoneCode', 'reporterName'] as const;
const RESEND_SECONDS = 60;
const monthOf = (v: unknown) => (dayjs.isDayjs(v) ? v.format('YYYY-MM') : undefined);

/** A server detail's path ("fields.amountFen", "body.phone", "phoneCode") as the form's field name. */
function fieldNameOf(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const p = path.replace(/^body\./, '');
  return (p.startsWith('fields.') ? p.slice('fields.'.length) : p).split('.')[0];
}

/** The answers as the kind's fields: trimmed text, fen, "YYYY-MM"; empty and unasked fields left out. */
function toFields(values: Values, fields: FormField[], layout: KindLayout | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const gate = layout?.onlyIf?.[f.name];
    if (gate && values[gate] !== true) continue;
    const v = values[f.name];
    if (v === undefined || v === null || v === '') continue;
    switch (f.type) {
      case 'text':
      case 'longtext':
      case 'creditCode': {
        const s = String(v).trim();
        if (s) out[f.name] = f.type === 'creditCode' ? s.toUpperCase() : s;
        break;
      }
      case 'money': {
        const fen = yuanToFen(String(v));
        if (fen !== null) out[f.name] = fen;
        break;
      }
      case 'month':
        out[f.name] = monthOf(v);
        break;
      case 'date':
        out[f.name] = dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : v;
        break;
      default:
        out[f.name] = v;
    }
  }
  return out;
}

export function LeadForm({ form: kindForm, mode, onReset }: { form: CaseForm; mode: LeadFormMode; onReset?: () => void }) {
  const { t, bi, lang } = useI18n();
  const { token } = theme.useToken();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const layout = LAYOUTS[kindForm.kind];
  const groups = useMemo(() => stepsOf(kindForm), [kindForm]);
  const lastKey: StepKey = mode === 'public' ? 'phone' : 'confirm';
  const stepKeys: StepKey[] = [...groups.map((g) => g.key), lastKey, 'done'];
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ error: unknown; details: Detail[]; onFields: boolean } | null>(null);
  const [trackingCode, setTrackingCode] = useState<string | null>(null);
  const top = useRef<HTMLDivElement>(null);
  const values = Form.useWatch([], form) ?? {};

  const go = (i: number) => {
    setStep(i);
    // The next step starts at the top of the form, not where the last one's buttons were.
    requestAnimationFrame(() => top.current?.scrollIntoView?.({ block: 'start' }));
  };

  const allNames = useMemo(() => [...groups.flatMap((g) => g.fields.map((f) => f.name)), ...(mode === 'public' ? PHONE_FIELDS : [])], [groups, mode]);
  const stepOfField = (name: string) => {
    const i = groups.findIndex((g) => g.fields.some((f) => f.name === name));
    return i >= 0 ? i : groups.length;
  };

  const validateStep = async (i: number): Promise<boolean> => {
    const names = i < groups.length ? groups[i]!.fields.map((f) => f.name) : mode === 'public' ? [...PHONE_FIELDS] : [];
    try {
      await form.validateFields(names);
      return true;
    } catch (e) {
      const first = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { block: 'center' });
      return false;
    }
  };

  const next = async () => {
    if (await validateStep(step)) {
      setError(null);
      go(step + 1);
    }
  };

  /** Shows the server's refusal: each detail on its field (on its step), the rest in the alert. */
  const showServerError = (e: unknown) => {
    const known = new Set(allNames);
    const onFields = new Map<string, string[]>();
    const rest: Detail[] = [];
    for (const d of errorDetails(e)) {
      const name = fieldNameOf(d.path);
      const text = lang === 'en' ? d.messageEn || d.message : d.message;
      if (name && known.has(name)) onFields.set(name, [...(onFields.get(name) ?? []), text]);
      else rest.push(d);
    }
    form.setFields([...onFields].map(([name, errors]) => ({ name, errors })));
    setError({ error: e, details: rest, onFields: onFields.size > 0 });
    if (onFields.size > 0) {
      const first = Math.min(...[...onFields.keys()].map(stepOfField));
      go(first);
      const firstName = [...onFields.keys()].find((n) => stepOfField(n) === first);
      if (firstName) setTimeout(() => form.scrollToField(firstName, { block: 'center' }), 50);
    } else {
      requestAnimationFrame(() => top.current?.scrollIntoView?.({ block: 'start' }));
    }
  };

  const submit = async () => {
    for (let i = 0; i <= groups.length; i++) {
      if (!(await validateStep(i))) {
        go(i);
        return;
      }
    }
    const v = form.getFieldsValue(true) as Values;
    const fields = toFields(v, kindForm.fields, layout);
    setBusy(true);
    setError(null);
    try {
      const res =
        mode === 'public'
          ? await api.post<{ trackingCode: string }>('/api/public/cases', {
              kind: kindForm.kind,
              phone: String(v.phone ?? '').trim(),
              phoneCode: String(v.phoneCode ?? '').trim(),
              ...(typeof v.reporterName === 'string' && v.reporterName.trim() ? { reporterName: v.reporterName.trim() } : {}),
              fields,
            })
          : await api.post<{ trackingCode: string }>('/api/me/cases', { kind: kindForm.kind, fields });
      rememberTrackingCode(res.trackingCode);
      setTrackingCode(res.trackingCode);
      go(stepKeys.length - 1);
    } catch (e) {
      showServerError(e);
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    form.resetFields();
    setTrackingCode(null);
    setError(null);
    go(0);
    onReset?.();
  };

  // ---- one field -----------------------------------------------------------------------------------
  const label = (f: FormField) => (f.type === 'money' ? t('casesPublic.report.amountYuan', { label: bi(f.label) }) : bi(f.label));
  const placeholder = (f: FormField): string | undefined => {
    const key = layout?.placeholder?.[f.name];
    if (key) return t(`casesPublic.report.${key}`);
    if (f.type === 'month') return t('casesPublic.report.monthPlaceholder');
    if (f.type === 'district') return t('casesPublic.report.districtPlaceholder');
    if (f.type === 'longtext') return t('casesPublic.report.descriptionPlaceholder', { max: f.max ?? 4000 });
    return undefined;
  };
  const extra = (f: FormField): ReactNode => {
    const dynamic = layout?.help?.[f.name]?.(values);
    const parts = [f.help ? bi(f.help) : null, dynamic ? t(`casesPublic.report.${dynamic}`) : null].filter(Boolean);
    return parts.length ? parts.join(' ') : undefined;
  };

  const rulesOf = (f: FormField): Rule[] => {
    const name = bi(f.label);
    const required = f.required || f.type === 'boolean'; // a yes/no question is always answered: it decides who handles the case
    const rules: Rule[] = [];
    if (required) {
      const choose = ['boolean', 'month', 'district', 'enum', 'date'].includes(f.type);
      const message = choose ? t('casesPublic.report.chooseRequired', { label: name }) : t('casesPublic.report.required', { label: name });
      // The rule's type is what the input holds: a yes/no, a dayjs month, a number, or text.
      if (f.type === 'boolean') rules.push({ required: true, type: 'boolean', message });
      else if (f.type === 'month' || f.type === 'date') rules.push({ required: true, type: 'object', message });
      else if (f.type === 'integer') rules.push({ required: true, type: 'number', message });
      else rules.push({ required: true, whitespace: true, message });
    }
    if ((f.type === 'text' || f.type === 'longtext') && f.max) rules.push({ max: f.max, message: t('casesPublic.report.tooLong', { label: name, max: f.max }) });
    if (f.type === 'creditCode')
      rules.push({
        validator: async (_r, v: unknown) => {
          if (typeof v !== 'string' || !v.trim()) return;
          const problem = creditCodeProblem(v);
          if (problem) throw new Error(t(problem === 'format' ? 'casesPublic.report.creditCodeBad' : 'casesPublic.report.creditCodeCheck'));
        },
      });
    if (f.type === 'money')
      rules.push({
        validator: async (_r, v: unknown) => {
          if (v === undefined || v === null || v === '') return;
          const fen = yuanToFen(String(v));
          if (fen === null || fen <= 0) throw new Error(t('casesPublic.report.amountBad'));
          if (f.max && fen > f.max) throw new Error(t('casesPublic.report.amountTooLarge', { max: formatFen(f.max) }));
        },
      });
    if (f.type === 'integer') {
      const min = layout?.min?.[f.name] ?? 0;
      const max = f.max ?? 1_000_000_000;
      rules.push({
        validator: async (_r, v: unknown) => {
          if (v === undefined || v === null) return;
          if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new Error(t('casesPublic.report.integerBad', { min, max }));
        },
      });
    }
    if (f.type === 'month')
      rules.push({
        validator: async (_r, v: unknown) => {
          if (dayjs.isDayjs(v) && v.isAfter(dayjs(), 'month')) throw new Error(t('casesPublic.report.futureMonth'));
        },
      });
    const range = layout?.monthRange;
    if (range && f.name === range[1])
      rules.push(({ getFieldValue }) => ({
        validator: async (_r, v: unknown) => {
          const from = monthOf(getFieldValue(range[0]));
          const to = monthOf(v);
          if (from && to && to < from) throw new Error(t('casesPublic.report.periodOrder'));
        },
      }));
    return rules;
  };

  const input = (f: FormField): ReactNode => {
    const testId = `lead-${f.name}`;
    switch (f.type) {
      case 'text':
        return <Input size="large" maxLength={f.max} placeholder={placeholder(f)} data-testid={testId} />;
      case 'creditCode':
        return <Input size="large" maxLength={18} className="hm-mono" autoCapitalize="characters" spellCheck={false} placeholder={placeholder(f)} data-testid={testId} />;
      case 'longtext':
        return <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={f.max} showCount placeholder={placeholder(f)} data-testid={testId} />;
      case 'money':
        return <Input size="large" inputMode="decimal" suffix={t('casesPublic.report.yuan')} placeholder={placeholder(f)} className="hm-num" data-testid={testId} />;
      case 'integer':
        return (
          <InputNumber
            size="large"
            inputMode="numeric"
            precision={0}
            min={layout?.min?.[f.name] ?? 0}
            max={f.max}
            suffix={f.name === 'workers' ? t('casesPublic.report.workersUnit') : undefined}
            placeholder={placeholder(f)}
            style={{ width: '100%' }}
            data-testid={testId}
          />
        );
      case 'boolean':
        return (
          <Radio.Group
            block
            optionType="button"
            buttonStyle="solid"
            size="large"
            data-testid={testId}
            options={[
              { value: true, label: t('common.yes') },
              { value: false, label: t('common.no') },
            ]}
          />
        );
      case 'month':
        return (
          <DatePicker
            picker="month"
            format="YYYY-MM"
            size="large"
            placeholder={placeholder(f)}
            disabledDate={(d: Dayjs) => d.isAfter(dayjs(), 'month')}
            style={{ width: '100%' }}
            data-testid={testId}
          />
        );
      case 'date':
        return <DatePicker format="YYYY-MM-DD" size="large" style={{ width: '100%' }} data-testid={testId} />;
      case 'district':
        return (
          <Select
            size="large"
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={placeholder(f)}
            options={kindForm.districts.map((d) => ({ value: d.code, label: d.name }))}
            data-testid={testId}
          />
        );
      case 'enum':
        return <Select size="large" placeholder={placeholder(f)} options={(f.options ?? []).map((o) => ({ value: o.code, label: bi(o.label) }))} data-testid={testId} />;
    }
  };

  const item = (f: FormField): ReactNode => (
    <Form.Item
      key={f.name}
      name={f.name}
      label={label(f)}
      rules={rulesOf(f)}
      extra={extra(f)}
      required={f.required || f.type === 'boolean'}
      dependencies={layout?.monthRange?.[1] === f.name ? [layout.monthRange[0]] : undefined}
      normalize={f.type === 'creditCode' ? (v: unknown) => (typeof v === 'string' ? v.toUpperCase().replace(/\s/g, '') : v) : undefined}
      style={{ flex: 1, minWidth: 0 }}
    >
      {input(f)}
    </Form.Item>
  );

  const fieldsOf = (g: { fields: FormField[] }): ReactNode[] => {
    const out: ReactNode[] = [];
    const paired = new Set(Object.values(layout?.pairs ?? {}));
    for (const f of g.fields) {
      const gate = layout?.onlyIf?.[f.name];
      if (gate && values[gate] !== true) continue;
      if (paired.has(f.name)) continue;
      const partner = layout?.pairs?.[f.name];
      const second = partner ? g.fields.find((x) => x.name === partner) : undefined;
      out.push(
        second ? (
          <div key={f.name} style={{ display: 'flex', gap: 12 }}>
            {item(f)}
            {item(second)}
          </div>
        ) : (
          item(f)
        ),
      );
    }
    return out;
  };

  // ---- the summary checked before sending ------------------------------------------------------------
  const shown = (f: FormField, v: unknown): string | null => {
    if (v === undefined || v === null || v === '') return null;
    switch (f.type) {
      case 'boolean':
        return v ? t('common.yes') : t('common.no');
      case 'district':
        return kindForm.districts.find((d) => d.code === v)?.name ?? String(v);
      case 'money': {
        const fen = yuanToFen(String(v));
        return fen === null ? String(v) : `${formatFen(fen)} ${t('casesPublic.report.yuan')}`;
      }
      case 'month':
        return monthOf(v) ?? null;
      case 'date':
        return dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : String(v);
      case 'integer':
        return f.name === 'workers' ? `${String(v)} ${t('casesPublic.report.workersUnit')}` : String(v);
      case 'enum':
        return bi(f.options?.find((o) => o.code === v)?.label, String(v));
      default:
        return String(v);
    }
  };
  const summary = (
    <div data-testid="lead-summary">
      <Typography.Text strong>{t('casesPublic.report.summary')}</Typography.Text>
      {groups.map((g, i) => {
        const rows = g.fields
          .filter((f) => !layout?.onlyIf?.[f.name] || values[layout.onlyIf[f.name]!] === true)
          .map((f) => ({ key: f.name, label: bi(f.label), children: shown(f, values[f.name]) }))
          .filter((r) => r.children !== null);
        return (
          <Card
            key={g.key}
            size="small"
            style={{ marginTop: 8 }}
            title={t(`casesPublic.report.steps.${g.key}`)}
            extra={
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => go(i)} data-testid={`lead-edit-${g.key}`}>
                {t('casesPublic.report.edit')}
              </Button>
            }
          >
            <Descriptions
              size="small"
              column={1}
              items={rows.map((r) => ({ ...r, children: <span style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{r.children}</span> }))}
            />
          </Card>
        );
      })}
    </div>
  );

  const current = stepKeys[step]!;
  const isDone = current === 'done';
  const titles = screens.sm ? 'steps' : 'stepsShort';

  return (
    <div ref={top} style={{ scrollMarginTop: 64 }} data-testid="lead-form" data-step={current}>
      <Steps
        size="small"
        // Horizontal on phones too: four short steps fit in 360 px, and the form stays near the top.
        responsive={false}
        titlePlacement="vertical"
        current={step}
        status={isDone ? 'finish' : 'process'}
        items={stepKeys.map((k) => ({ key: k, title: t(`casesPublic.report.${titles}.${k}`) }))}
        style={{ marginBottom: 16 }}
        data-testid="lead-steps"
      />

      {isDone && trackingCode ? (
        <ReportDone code={trackingCode} mode={mode} onAnother={reset} />
      ) : (
        <Card size="small" styles={{ body: { padding: 14 } }}>
          <Typography.Title level={5} style={{ margin: '0 0 12px' }}>
            {t(`casesPublic.report.steps.${current}`)}
          </Typography.Title>

          {error && (
            <div style={{ marginBottom: 12 }} data-testid="lead-error">
              {error.onFields ? (
                <Alert type="error" showIcon title={t('casesPublic.report.fixErrors')} description={error.details.length ? <DetailList details={error.details} /> : undefined} />
              ) : (
                <ErrorAlert error={error.error} details={error.details} />
              )}
            </div>
          )}

          <Form<Values> form={form} layout="vertical" requiredMark="optional" onFinish={() => void (step < groups.length ? next() : submit())} autoComplete="on">
            {groups.map((g, i) => (
              <div key={g.key} hidden={i !== step} data-testid={`lead-step-${g.key}`}>
                {fieldsOf(g)}
              </div>
            ))}
            <div hidden={step !== groups.length} data-testid={`lead-step-${lastKey}`}>
              {mode === 'public' ? (
                <PhoneCheck form={form} />
              ) : (
                <Alert type="info" showIcon title={t('casesPublic.report.citizenNote')} style={{ marginBottom: 12 }} />
              )}
              {summary}
            </div>
          </Form>

          <div style={{ display: 'flex', gap: 8, marginTop: 16, paddingTop: 12, borderTop: `1px solid ${token.colorBorderSecondary}` }}>
            {step > 0 && (
              <Button size="large" onClick={() => go(step - 1)} style={{ flex: 1 }} data-testid="lead-prev" disabled={busy}>
                {t('casesPublic.report.prev')}
              </Button>
            )}
            {step < groups.length ? (
              <Button type="primary" size="large" onClick={() => void next()} style={{ flex: 2 }} data-testid="lead-next">
                {t('casesPublic.report.next')}
              </Button>
            ) : (
              <Button type="primary" size="large" onClick={() => void submit()} loading={busy} style={{ flex: 2 }} data-testid="lead-submit">
                {busy ? t('casesPublic.report.submitting') : t('casesPublic.report.submit')}
              </Button>
            )}
          </div>
        </Card>
      )}
    </div>
  );
}

function DetailList({ details }: { details: Detail[] }) {
  const { lang } = useI18n();
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
      {details.map((d, i) => (
        <li key={i}>{lang === 'en' ? d.messageEn || d.message : d.message}</li>
      ))}
    </ul>
  );
}

/** The phone number, the code sent to it (shown on screen in demo mode), and an optional name. */
function PhoneCheck({ form }: { form: FormInstance<Values> }) {
  const { t, lang } = useI18n();
  const [sent, setSent] = useState<(PhoneCodeSent & { phone: string }) | null>(null);
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<unknown>(null);
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const wait = Math.max(0, Math.ceil((until - now) / 1000));

  useEffect(() => {
    if (until <= Date.now()) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [until]);

  const send = async () => {
    try {
      await form.validateFields(['phone']);
    } catch {
      return;
    }
    const phone = String(form.getFieldValue('phone') ?? '').trim();
    setSending(true);
    setSendError(null);
    try {
      const r = await api.post<PhoneCodeSent>('/api/public/phone-codes', { phone });
      setSent({ ...r, phone });
      setUntil(Date.now() + RESEND_SECONDS * 1000);
      setNow(Date.now());
      form.setFields([{ name: 'phoneCode', errors: [] }]);
    } catch (e) {
      // A refused number goes on its field; a rate limit or a network failure under it.
      const d = errorDetails(e).find((x) => fieldNameOf(x.path) === 'phone');
      if (d) form.setFields([{ name: 'phone', errors: [lang === 'en' ? d.messageEn || d.message : d.message] }]);
      else setSendError(e);
    } finally {
      setSending(false);
    }
  };

  return (
    <div data-testid="phone-check">
      <Form.Item
        name="phone"
        label={t('casesPublic.report.phone')}
        extra={t('casesPublic.report.phoneHelp')}
        validateFirst
        rules={[
          { required: true, message: t('casesPublic.report.phoneBad') },
          { pattern: /^1\d{10}$/, message: t('casesPublic.report.phoneBad') },
        ]}
        normalize={(v: unknown) => (typeof v === 'string' ? v.replace(/\D/g, '').slice(0, 11) : v)}
      >
        <Input
          size="large"
          type="tel"
          inputMode="numeric"
          autoComplete="tel"
          maxLength={11}
          prefix={<MobileOutlined />}
          placeholder={t('casesPublic.report.phonePlaceholder')}
          data-testid="lead-phone"
          suffix={
            <Button type="link" size="small" onClick={() => void send()} loading={sending} disabled={wait > 0} data-testid="lead-get-code" style={{ paddingInline: 4 }}>
              {wait > 0 ? t('casesPublic.report.resendIn', { s: wait }) : sent ? t('casesPublic.report.resend') : t('casesPublic.report.getCode')}
            </Button>
          }
        />
      </Form.Item>

      {sendError !== null && <ErrorAlert error={sendError} style={{ marginBottom: 16 }} />}

      {sent && (
        <div style={{ marginBottom: 16 }}>
          {sent.demoCode ? (
            <Alert
              type="warning"
              showIcon
              icon={<SafetyCertificateOutlined />}
              data-testid="demo-code"
              title={t('casesPublic.report.demoCodeTitle')}
              description={
                <>
                  <div style={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 8, margin: '2px 0 6px' }}>
                    <Typography.Text strong className="hm-mono" style={{ fontSize: 22, letterSpacing: 3 }} data-testid="demo-code-value">
                      {sent.demoCode}
                    </Typography.Text>
                    <Button size="small" onClick={() => form.setFields([{ name: 'phoneCode', value: sent.demoCode, errors: [] }])} data-testid="demo-code-fill">
                      {t('casesPublic.report.useDemoCode')}
                    </Button>
                  </div>
                  <div style={{ fontSize: 12 }}>{t('casesPublic.report.demoCodeBody')}</div>
                </>
              }
            />
          ) : (
            <Alert type="success" showIcon title={t('casesPublic.report.codeSent', { phone: maskPhone(sent.phone), minutes: sent.expiresInMinutes })} data-testid="code-sent" />
          )}
        </div>
      )}

      <Form.Item
        name="phoneCode"
        label={t('casesPublic.report.phoneCode')}
        normalize={(v: unknown) => (typeof v === 'string' ? v.replace(/\D/g, '').slice(0, 6) : v)}
        validateFirst
        rules={[
          {
            validator: async () => {
              if (!sent) throw new Error(t('casesPublic.report.getCodeFirst'));
            },
          },
          { required: true, message: t('casesPublic.report.phoneCodeBad') },
          { pattern: /^\d{6}$/, message: t('casesPublic.report.phoneCodeBad') },
        ]}
      >
        <Input size="large" inputMode="numeric" autoComplete="one-time-code" maxLength={6} className="hm-mono" placeholder={t('casesPublic.report.phoneCodePlaceholder')} data-testid="lead-phone-code" />
      </Form.Item>

      <Form.Item name="reporterName" label={t('casesPublic.report.name')} rules={[{ max: 50 }]}>
        <Input size="large" autoComplete="name" maxLength={50} placeholder={t('casesPublic.report.namePlaceholder')} data-testid="lead-name" />
      </Form.Item>

      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        <SafetyCertificateOutlined /> {t('casesPublic.report.privacy')}
      </Typography.Paragraph>
    </div>
  );
}

/** The tracking code, large, with a copy button and the way to follow it. */
export function ReportDone({ code, mode, onAnother }: { code: string; mode: LeadFormMode; onAnother: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  // A real link (it can be opened in a new tab), followed inside the app.
  const follow = (to: string) => (e: MouseEvent) => {
    e.preventDefault();
    navigate(to);
  };

  const copy = async () => {
    try {
      if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(code);
      else {
        // Plain http (a phone on the office network): the old way still copies.
        const ta = document.createElement('textarea');
        ta.value = code;
        ta.setAttribute('readonly', '');
        ta.style.position = 'fixed';
        ta.style.opacity = '0';
        document.body.appendChild(ta);
        ta.select();
        const ok = document.execCommand('copy');
        ta.remove();
        if (!ok) throw new Error('copy refused');
      }
      void message.success(t('casesPublic.done.copied'));
    } catch {
      void message.warning(t('casesPublic.done.copyFailed'));
    }
  };

  return (
    <Card styles={{ body: { padding: '24px 16px', textAlign: 'center' } }} data-testid="lead-done">
      <CheckCircleFilled style={{ fontSize: 48, color: token.colorSuccess }} />
      <Typography.Title level={4} style={{ margin: '12px 0 4px' }}>
        {t('casesPublic.done.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('casesPublic.done.subtitle')}</Typography.Text>

      <div style={{ margin: '20px 0 8px', padding: '16px 8px', background: token.colorPrimaryBg, borderRadius: token.borderRadiusLG }}>
        <div style={{ fontSize: 13, color: token.colorTextSecondary }}>{t('casesPublic.done.codeLabel')}</div>
        <div className="hm-mono" style={{ fontSize: 28, fontWeight: 700, letterSpacing: 2, color: token.colorPrimary, userSelect: 'all', margin: '4px 0 8px' }} data-testid="tracking-code">
          {code}
        </div>
        <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="tracking-code-copy">
          {t('casesPublic.done.copy')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, textAlign: 'left' }}>
        {t('casesPublic.done.keep')}
      </Typography.Paragraph>

      <Space orientation="vertical" style={{ width: '100%' }} size={8}>
        <Button type="primary" size="large" block href={`/track/${code}`} onClick={follow(`/track/${code}`)} data-testid="tracking-link">
          {t('casesPublic.done.track')}
        </Button>
        {mode === 'public' ? (
          <Button size="large" block onClick={onAnother} data-testid="lead-another">
            {t('casesPublic.done.another')}
          </Button>
        ) : (
          <Button size="large" block href="/me/cases" onClick={follow('/me/cases')}>
            {t('casesPublic.done.mine')}
          </Button>
        )}
      </Space>
    </Card>
  );
}
