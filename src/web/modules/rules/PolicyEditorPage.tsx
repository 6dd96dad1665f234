// The policy editor (/policies/new, /policies/:id/edit): a form over the definition, every
// expression checked live, the legal basis and the fact catalogue beside the rules. Saving makes
// a new version (never changes one); the server's field errors appear next to their fields.
import { ArrowLeftOutlined, CheckOutlined, DeleteOutlined, ExperimentOutlined, PlusOutlined, ReadOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Drawer, Form, Grid, Input, InputNumber, Radio, Row, Select, Skeleton, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useRef, useState, type MutableRefObject } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, ApiError, errorText } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { useI18n } from '../../shared/i18n';
import { LoadError, NotFoundResult } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { ErrorAlert, errorDetails, useDepartments, useFacts } from './common';
import { ActiveExprContext, ExprField, type Inserter } from './ExprField';
import { FactCatalogue } from './FactCatalogue';
import { ENTITIES, type Basis, type Delivery, type Entity, type ExclusionMode, type Fact, type Frequency, type PolicyDefinition, type PolicyDetail, type PolicyListItem, type SaveResult } from './types';

type Bi = { zh?: string; en?: string };
type FormValues = {
  id: string;
  name: Bi;
  description?: Bi;
  department: string;
  entity: Entity;
  measures: string[];
  effective: { from: Dayjs | null; to: Dayjs | null };
  basis: Partial<Basis>[];
  criteria: { label?: Bi; expr?: string; note?: { zh: string; en: string } }[];
  amount: { expr?: string; capYuan: number | null; frequency: Frequency };
  exclusions: { policy?: string; mode?: ExclusionMode }[];
  delivery: Delivery;
  assumptions: { parameter?: string; note?: Bi }[];
};

const DATE = 'YYYY-MM-DD';
const POLICY_ID = /^[a-z][a-z0-9-]{2,63}$/;

function toForm(def: PolicyDefinition): FormValues {
  return {
    id: def.id,
    name: def.name,
    description: def.description ?? { zh: '', en: '' },
    department: def.department,
    entity: def.entity,
    measures: def.measures,
    effective: { from: dayjs(def.effective.from, DATE), to: def.effective.to ? dayjs(def.effective.to, DATE) : null },
    basis: def.basis,
    criteria: def.criteria,
    amount: { expr: def.amount.expr, capYuan: def.amount.capFen === null ? null : def.amount.capFen / 100, frequency: def.amount.frequency },
    exclusions: def.exclusions,
    delivery: def.delivery,
    assumptions: def.assumptions,
  };
}

const s = (v: string | undefined | null) => (v ?? '').trim();
const opt = (v: string | undefined | null) => (s(v) ? s(v) : undefined);

/** The definition as the server expects it; empty optional parts are left out, half-filled ones sent for the server to flag. */
function toDefinition(v: FormValues): PolicyDefinition {
  const description = s(v.description?.zh) || s(v.description?.en) ? { zh: s(v.description?.zh), en: s(v.description?.en) } : undefined;
  return {
    id: s(v.id),
    name: { zh: s(v.name?.zh), en: s(v.name?.en) },
    basis: (v.basis ?? []).map((b) => ({ title: s(b.title), ...(opt(b.number) ? { number: opt(b.number) } : {}), ...(opt(b.article) ? { article: opt(b.article) } : {}), ...(opt(b.url) ? { url: opt(b.url) } : {}) })),
    department: v.department,
    entity: v.entity,
    measures: v.measures ?? [],
    effective: { from: v.effective?.from ? v.effective.from.format(DATE) : '', to: v.effective?.to ? v.effective.to.format(DATE) : null },
    criteria: (v.criteria ?? []).map((c) => ({ label: { zh: s(c.label?.zh), en: s(c.label?.en) }, expr: c.expr ?? '', ...(c.note ? { note: c.note } : {}) })),
    amount: { expr: v.amount?.expr ?? '', capFen: v.amount?.capYuan === null || v.amount?.capYuan === undefined ? null : Math.round(v.amount.capYuan * 100), frequency: v.amount?.frequency },
    exclusions: (v.exclusions ?? []).map((x) => ({ policy: x.policy ?? '', mode: x.mode ?? 'not_both' })),
    delivery: v.delivery,
    assumptions: (v.assumptions ?? []).map((a) => ({ parameter: s(a.parameter), note: { zh: s(a.note?.zh), en: s(a.note?.en) } })),
    ...(description ? { description } : {}),
  };
}

/** A server path (criteria.0.expr) as a form field name; the cap is entered in yuan. */
function fieldName(path: string): (string | number)[] {
  if (path === 'amount.capFen') return ['amount', 'capYuan'];
  return path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export default function PolicyEditorPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const { t, bi } = useI18n();
  const editing = id !== undefined;
  const valid = !editing || POLICY_ID.test(id);
  const { data, error, reload } = useApi<PolicyDetail>(editing && valid ? `/api/policies/${id}` : null);

  if (!valid) return <NotFoundResult />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (editing && (!data || data.id !== id)) return <Skeleton active paragraph={{ rows: 12 }} />;

  const from = editing ? (data!.versions.find((v) => v.id === Number(params.get('from'))) ?? data!.versions[0]) : undefined;
  return (
    <div>
      <Link to={editing ? `/policies/${id}` : '/policies'} style={{ display: 'inline-block', marginBottom: 12 }}>
        <ArrowLeftOutlined /> {editing ? bi(data!.definition.name) : t('rules.list.title')}
      </Link>
      <Typography.Title level={3} className="hm-page-title">
        {editing ? t('rules.editor.editTitle', { name: bi(data!.definition.name) }) : t('rules.editor.newTitle')}
      </Typography.Title>
      {from && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('rules.editor.basedOn', { version: from.version })} />}
      <Editor key={from?.id ?? 'new'} initial={from?.definition} detail={editing ? data! : undefined} />
    </div>
  );
}

function Editor({ initial, detail }: { initial: PolicyDefinition | undefined; detail: PolicyDetail | undefined }) {
  const { t, bi, lang } = useI18n();
  const { message } = App.useApp();
  const { user, can } = useAuth();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const wide = screens.lg !== false;
  const [form] = Form.useForm<FormValues>();
  const departments = useDepartments();
  const policies = useApi<PolicyListItem[]>('/api/policies');
  const entity = (Form.useWatch('entity', form) ?? initial?.entity ?? 'person') as Entity;
  const basisWatch = Form.useWatch('basis', form) as Partial<Basis>[] | undefined;
  const facts = useFacts(entity);
  const active = useRef<MutableRefObject<Inserter> | null>(null);
  const [catalogueOpen, setCatalogueOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<'save' | 'validate' | 'activate' | null>(null);
  const [problem, setProblem] = useState<{ error: unknown; other: ReturnType<typeof errorDetails> } | null>(null);
  const [validated, setValidated] = useState<string | null>(null);
  const [saved, setSaved] = useState<(SaveResult & { policyId: string }) | null>(null);
  const [activated, setActivated] = useState(false);
  const [createdId, setCreatedId] = useState<string | null>(null);
  const policyId = detail?.id ?? createdId;

  const deptOfficer = user?.role === 'department_officer';
  const owner = !detail || !deptOfficer || user?.departmentCode === detail.departmentCode;
  const initialValues = useMemo<FormValues>(
    () =>
      initial
        ? toForm(initial)
        : {
            id: '',
            name: { zh: '', en: '' },
            description: { zh: '', en: '' },
            department: deptOfficer ? (user?.departmentCode ?? '') : (undefined as unknown as string),
            entity: 'person',
            measures: [],
            effective: { from: dayjs(), to: null },
            basis: [{ title: '' }],
            criteria: [{ label: { zh: '', en: '' }, expr: '' }],
            amount: { expr: '', capYuan: null, frequency: 'once' },
            exclusions: [],
            delivery: 'direct',
            assumptions: [],
          },
    [initial, deptOfficer, user?.departmentCode],
  );

  const pick = (f: Fact) => {
    if (!active.current) {
      void message.info(t('rules.editor.noExprFocused'));
      return;
    }
    active.current.current(f.path);
    if (!wide) setCatalogueOpen(false);
  };

  /** Puts the server's details next to their fields; the rest are listed above the save button. */
  const showProblems = (e: unknown) => {
    const details = errorDetails(e);
    const registered = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
    const other: typeof details = [];
    const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
    let firstExpr: (string | number)[] | undefined;
    for (const d of details) {
      const text = lang === 'en' ? d.messageEn || d.message : d.message;
      const name = d.path ? fieldName(d.path) : [];
      const key = JSON.stringify(name);
      // An expression's problem is already shown under it by the live check; only bring it into view.
      if (d.path && /(^|\.)expr$/.test(d.path) && registered.has(key)) {
        firstExpr ??= name;
        continue;
      }
      if (d.path && registered.has(key)) {
        const f = byField.get(key) ?? { name, errors: [] };
        f.errors.push(text);
        byField.set(key, f);
      } else other.push(d);
    }
    form.setFields([...byField.values()].map((f) => ({ name: f.name as never, errors: f.errors })));
    setProblem({ error: e, other });
    const first = [...byField.values()][0]?.name ?? firstExpr;
    if (first) form.scrollToField(first as never, { block: 'center' });
  };

  const current = (): PolicyDefinition => toDefinition(form.getFieldsValue(true) as FormValues);

  const validate = async () => {
    setBusy('validate');
    setProblem(null);
    setValidated(null);
    try {
      const r = await api.post<{ ok: boolean; hash: string | null; issues: { path: string; message: string; messageEn: string }[] }>('/api/policies/validate', { definition: current() });
      if (r.ok) setValidated(r.hash);
      else {
        // The same shape as a VALIDATION error, so both go through one display.
        showProblems(new ApiError(422, { code: 'VALIDATION', message: t('rules.editor.invalid', { count: r.issues.length }), messageEn: `${r.issues.length} problem(s) in the definition`, details: r.issues }, { zh: '', en: '' }));
      }
    } catch (e) {
      setProblem({ error: e, other: [] });
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    setProblem(null);
    setValidated(null);
    try {
      await form.validateFields();
    } catch {
      void message.error(t('rules.editor.fixErrors'));
      return;
    }
    setBusy('save');
    try {
      const definition = current();
      const body = { definition, ...(note.trim() ? { note: note.trim() } : {}) };
      const r = policyId ? await api.post<SaveResult>(`/api/policies/${policyId}/versions`, body) : await api.post<SaveResult>('/api/policies', body);
      if (!policyId) setCreatedId(definition.id);
      setSaved({ ...r, policyId: definition.id });
      setActivated(false);
      setNote('');
      void message.success(r.unchanged ? t('rules.editor.unchanged', { version: r.version }) : t('rules.editor.saved', { version: r.version }));
    } catch (e) {
      showProblems(e);
    } finally {
      setBusy(null);
    }
  };

  const activate = async () => {
    if (!saved) return;
    setBusy('activate');
    try {
      await api.post(`/api/policies/${saved.policyId}/activate`, { versionId: saved.versionId });
      void message.success(t('rules.detail.activated', { version: saved.version }));
      setActivated(true);
      navigate(`/policies/${saved.policyId}`);
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const exclusionOptions = (policies.data ?? []).filter((p) => p.entity === entity && p.id !== (detail?.id ?? '')).map((p) => ({ value: p.id, label: `${bi(p.name)} (${p.id})` }));
  const departmentOptions = departments.list.map((d) => ({ value: d.code, label: bi({ zh: d.shortZh, en: d.nameEn }) }));
  const required = [{ required: true, whitespace: true, message: t('rules.editor.required') }];

  const basisCard = (
      <Card size="small" title={t('rules.editor.basisPreview')} data-testid="editor-basis-preview">
        {(basisWatch ?? []).filter((b) => s(b?.title)).length === 0 ? (
          <Typography.Text type="secondary">{t('rules.editor.noBasis')}</Typography.Text>
        ) : (
          (basisWatch ?? [])
            .filter((b) => s(b?.title))
            .map((b, i) => (
              <div key={i} style={{ marginBottom: 8 }}>
                <div style={{ fontWeight: 500 }}>{b.title}</div>
                {b.number && <Typography.Text type="secondary">{b.number}</Typography.Text>}
                {b.article && <div style={{ fontSize: 13 }}>{b.article}</div>}
              </div>
            ))
        )}
      </Card>
  );
  const catalogueCard = (
    <Card size="small" title={t('rules.editor.catalogue')}>
      <FactCatalogue facts={facts.data ?? []} loading={facts.loading} departmentName={departments.name} onPick={pick} />
    </Card>
  );
  // Beside the form the basis comes first; in the phone drawer, opened to pick a fact, the catalogue does.
  const side = (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {wide ? basisCard : catalogueCard}
      {wide ? catalogueCard : basisCard}
    </Space>
  );

  if (detail && !owner) return <Alert type="warning" showIcon title={t('rules.editor.notOwner')} />;
  if (!can('policy.write')) return <Alert type="warning" showIcon title={t('errors.forbidden')} />;

  return (
    <ActiveExprContext.Provider value={active}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Form<FormValues> form={form} layout="vertical" initialValues={initialValues} data-testid="policy-editor" requiredMark="optional" scrollToFirstError>
            <Card size="small" title={t('rules.editor.general')} style={{ marginBottom: 16 }}>
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item name="id" label={t('rules.fields.id')} extra={t('rules.editor.idHelp')} rules={[...required, { pattern: POLICY_ID, message: t('rules.editor.idPattern') }]}>
                    <Input className="hm-mono" disabled={!!policyId} data-testid="editor-id" maxLength={64} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="measures" label={t('rules.fields.measures')} rules={[{ validator: (_, v: string[] | undefined) => ((v ?? []).every((m) => /^M\d{1,2}$/.test(m)) ? Promise.resolve() : Promise.reject(new Error(t('rules.editor.measurePattern')))) }]}>
                    <Select mode="tags" tokenSeparators={[',', ' ']} options={Array.from({ length: 20 }, (_, i) => ({ value: `M${i + 1}`, label: `M${i + 1}` }))} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name={['name', 'zh']} label={t('rules.editor.nameZh')} rules={required}>
                    <Input data-testid="editor-name-zh" maxLength={200} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name={['name', 'en']} label={t('rules.editor.nameEn')} rules={required}>
                    <Input data-testid="editor-name-en" maxLength={300} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="department" label={t('rules.fields.department')} rules={[{ required: true, message: t('rules.editor.required') }]}>
                    <Select data-testid="editor-department" disabled={!!detail || deptOfficer} options={departmentOptions} showSearch={{ optionFilterProp: 'label' }} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="entity" label={t('rules.fields.entity')} rules={[{ required: true, message: t('rules.editor.required') }]}>
                    <Select data-testid="editor-entity" disabled={!!policyId} options={ENTITIES.map((e) => ({ value: e, label: t(`rules.entities.${e}`) }))} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={12}>
                  <Form.Item name={['effective', 'from']} label={t('rules.editor.effectiveFrom')} rules={[{ required: true, message: t('rules.editor.required') }]}>
                    <DatePicker style={{ width: '100%' }} format={DATE} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={12}>
                  <Form.Item name={['effective', 'to']} label={t('rules.editor.effectiveTo')} extra={t('rules.editor.effectiveToHelp')}>
                    <DatePicker style={{ width: '100%' }} format={DATE} allowClear />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name={['description', 'zh']} label={t('rules.editor.descriptionZh')}>
                    <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={200} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name={['description', 'en']} label={t('rules.editor.descriptionEn')}>
                    <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={300} />
                  </Form.Item>
                </Col>
              </Row>
            </Card>

            <Card size="small" title={t('rules.detail.basis')} style={{ marginBottom: 16 }}>
              <Form.List name="basis">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f) => (
                      <Card key={f.key} type="inner" size="small" style={{ marginBottom: 12 }} extra={fields.length > 1 && <RemoveButton onClick={() => remove(f.name)} />}>
                        <Row gutter={12}>
                          <Col xs={24}>
                            <Form.Item name={[f.name, 'title']} label={t('rules.editor.basisTitle')} rules={required}>
                              <Input maxLength={300} />
                            </Form.Item>
                          </Col>
                          <Col xs={24} md={10}>
                            <Form.Item name={[f.name, 'number']} label={t('rules.editor.basisNumber')}>
                              <Input maxLength={100} />
                            </Form.Item>
                          </Col>
                          <Col xs={24} md={14}>
                            <Form.Item name={[f.name, 'url']} label={t('rules.editor.basisUrl')} rules={[{ type: 'url', message: t('rules.editor.basisUrl') }]}>
                              <Input maxLength={500} placeholder="https://" />
                            </Form.Item>
                          </Col>
                          <Col xs={24}>
                            <Form.Item name={[f.name, 'article']} label={t('rules.editor.basisArticle')} style={{ marginBottom: 0 }}>
                              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={300} />
                            </Form.Item>
                          </Col>
                        </Row>
                      </Card>
                    ))}
                    <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ title: '' })}>
                      {t('rules.editor.addBasis')}
                    </Button>
                  </>
                )}
              </Form.List>
            </Card>

            <Card size="small" title={t('rules.editor.criteria')} style={{ marginBottom: 16 }}>
              <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
                {t('rules.editor.criteriaHelp')}
              </Typography.Paragraph>
              <Form.List name="criteria">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f, i) => (
                      <Card
                        key={f.key}
                        type="inner"
                        size="small"
                        title={`${i + 1}`}
                        style={{ marginBottom: 12 }}
                        extra={fields.length > 1 && <RemoveButton onClick={() => remove(f.name)} />}
                        data-testid={`criterion-${i}`}
                      >
                        <Row gutter={12}>
                          <Col xs={24} md={12}>
                            <Form.Item name={[f.name, 'label', 'zh']} label={t('rules.editor.labelZh')} rules={required}>
                              <Input maxLength={200} data-testid={`criterion-${i}-label-zh`} />
                            </Form.Item>
                          </Col>
                          <Col xs={24} md={12}>
                            <Form.Item name={[f.name, 'label', 'en']} label={t('rules.editor.labelEn')} rules={required}>
                              <Input maxLength={300} data-testid={`criterion-${i}-label-en`} />
                            </Form.Item>
                          </Col>
                          <Col xs={24}>
                            <Form.Item name={[f.name, 'expr']} label={t('rules.editor.expr')} rules={required} style={{ marginBottom: 0 }}>
                              <ExprField entity={entity} want="bool" catalogue={facts.byPath} testId={`criterion-${i}-expr`} />
                            </Form.Item>
                          </Col>
                        </Row>
                      </Card>
                    ))}
                    <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ label: { zh: '', en: '' }, expr: '' })} data-testid="add-criterion">
                      {t('rules.editor.addCriterion')}
                    </Button>
                  </>
                )}
              </Form.List>
            </Card>

            <Card size="small" title={t('rules.editor.amount')} style={{ marginBottom: 16 }}>
              <Form.Item name={['amount', 'expr']} label={t('rules.editor.amountExpr')} rules={required}>
                <ExprField entity={entity} want="int" catalogue={facts.byPath} testId="amount-expr" rows={1} />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item name={['amount', 'capYuan']} label={t('rules.editor.capYuan')} extra={t('rules.editor.capHelp')}>
                    <InputNumber style={{ width: '100%' }} min={0} max={1_000_000} precision={2} step={100} data-testid="amount-cap" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name={['amount', 'frequency']} label={t('rules.fields.frequency')} rules={[{ required: true, message: t('rules.editor.required') }]}>
                    <Select options={(['once', 'yearly', 'monthly'] as const).map((f) => ({ value: f, label: t(`rules.frequency.${f}`) }))} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="delivery" label={t('rules.fields.delivery')} style={{ marginBottom: 0 }}>
                <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
                  {(['direct', 'confirm', 'apply'] as const).map((d) => (
                    <Radio key={d} value={d}>
                      {t(`rules.delivery.${d}`)} <Typography.Text type="secondary">— {t(`rules.deliveryHelp.${d}`)}</Typography.Text>
                    </Radio>
                  ))}
                </Radio.Group>
              </Form.Item>
            </Card>

            <Card size="small" title={t('rules.editor.exclusions')} style={{ marginBottom: 16 }}>
              <Form.List name="exclusions">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f) => (
                      <Row key={f.key} gutter={8} align="top" wrap={false}>
                        <Col flex="auto" style={{ minWidth: 0 }}>
                          <Row gutter={8}>
                            <Col xs={24} md={14}>
                              <Form.Item name={[f.name, 'policy']} label={t('rules.editor.exclusionPolicy')} rules={[{ required: true, message: t('rules.editor.required') }]}>
                                <Select options={exclusionOptions} showSearch={{ optionFilterProp: 'label' }} />
                              </Form.Item>
                            </Col>
                            <Col xs={24} md={10}>
                              <Form.Item name={[f.name, 'mode']} label={t('rules.editor.exclusionMode')} rules={[{ required: true, message: t('rules.editor.required') }]}>
                                <Select options={(['not_both', 'take_higher'] as const).map((m) => ({ value: m, label: t(`rules.exclusionMode.${m}`) }))} />
                              </Form.Item>
                            </Col>
                          </Row>
                        </Col>
                        <Col flex="none" style={{ paddingTop: 30 }}>
                          <RemoveButton onClick={() => remove(f.name)} />
                        </Col>
                      </Row>
                    ))}
                    <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ mode: 'not_both' })}>
                      {t('rules.editor.addExclusion')}
                    </Button>
                  </>
                )}
              </Form.List>
            </Card>

            <Card size="small" title={t('rules.editor.assumptions')} style={{ marginBottom: 16 }}>
              <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
                {t('rules.editor.assumptionsHelp')}
              </Typography.Paragraph>
              <Form.List name="assumptions">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f) => (
                      <Card key={f.key} type="inner" size="small" style={{ marginBottom: 12 }} extra={<RemoveButton onClick={() => remove(f.name)} />}>
                        <Form.Item name={[f.name, 'parameter']} label={t('rules.editor.parameter')} rules={required}>
                          <Input maxLength={200} />
                        </Form.Item>
                        <Row gutter={12}>
                          <Col xs={24} md={12}>
                            <Form.Item name={[f.name, 'note', 'zh']} label={t('rules.editor.noteZh')} rules={required} style={{ marginBottom: 0 }}>
                              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={200} />
                            </Form.Item>
                          </Col>
                          <Col xs={24} md={12}>
                            <Form.Item name={[f.name, 'note', 'en']} label={t('rules.editor.noteEn')} rules={required} style={{ marginBottom: 0 }}>
                              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={300} />
                            </Form.Item>
                          </Col>
                        </Row>
                      </Card>
                    ))}
                    <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ parameter: '', note: { zh: '', en: '' } })}>
                      {t('rules.editor.addAssumption')}
                    </Button>
                  </>
                )}
              </Form.List>
            </Card>
          </Form>

          <SaveBar
            note={note}
            setNote={setNote}
            busy={busy}
            creating={!policyId}
            onValidate={() => void validate()}
            onSave={() => void save()}
            problem={problem}
            clearProblem={() => setProblem(null)}
            validated={validated}
          />
          {saved && (
            <Alert
              data-testid="editor-saved"
              type={saved.unchanged ? 'info' : 'success'}
              showIcon
              style={{ marginTop: 16 }}
              title={saved.unchanged ? t('rules.editor.unchanged', { version: saved.version }) : t('rules.editor.saved', { version: saved.version })}
              description={<span className="hm-mono">{saved.hash}</span>}
              action={
                <Space orientation="vertical" size={6}>
                  <Link to={`/policies/${saved.policyId}/simulations?draft=${saved.versionId}`}>
                    <Button size="small" icon={<ExperimentOutlined />} block data-testid="editor-simulate">
                      {t('rules.editor.simulateThis')}
                    </Button>
                  </Link>
                  {!activated && (
                    <Button size="small" type="primary" icon={<CheckOutlined />} block loading={busy === 'activate'} onClick={() => void activate()} data-testid="editor-activate">
                      {t('rules.editor.activateThis')}
                    </Button>
                  )}
                  <Link to={`/policies/${saved.policyId}`}>
                    <Button size="small" type="link" block>
                      {t('rules.editor.viewPolicy')}
                    </Button>
                  </Link>
                </Space>
              }
            />
          )}
        </Col>
        {wide && (
          <Col lg={8}>
            <div style={{ position: 'sticky', top: 72, maxHeight: 'calc(100vh - 88px)', overflowY: 'auto' }}>{side}</div>
          </Col>
        )}
      </Row>
      {!wide && (
        <>
          <Button
            type="primary"
            shape="round"
            icon={<ReadOutlined />}
            onClick={() => setCatalogueOpen(true)}
            data-testid="open-catalogue"
            style={{ position: 'fixed', right: 16, bottom: 16, zIndex: 20, boxShadow: '0 2px 8px rgba(0,0,0,0.25)' }}
          >
            {t('rules.editor.openCatalogue')}
          </Button>
          <Drawer open={catalogueOpen} onClose={() => setCatalogueOpen(false)} title={t('rules.editor.sidePanel')} placement="bottom" size="80%" styles={{ body: { padding: 12 } }}>
            {side}
          </Drawer>
        </>
      )}
    </ActiveExprContext.Provider>
  );
}

function RemoveButton({ onClick }: { onClick: () => void }) {
  const { t } = useI18n();
  return <Button type="text" danger size="small" icon={<DeleteOutlined />} onClick={onClick} aria-label={t('rules.editor.remove')} />;
}

function SaveBar({
  note,
  setNote,
  busy,
  creating,
  onValidate,
  onSave,
  problem,
  clearProblem,
  validated,
}: {
  note: string;
  setNote: (s: string) => void;
  busy: 'save' | 'validate' | 'activate' | null;
  creating: boolean;
  onValidate: () => void;
  onSave: () => void;
  problem: { error: unknown; other: ReturnType<typeof errorDetails> } | null;
  clearProblem: () => void;
  validated: string | null;
}) {
  const { t } = useI18n();
  return (
    <Card size="small" data-testid="editor-save-bar">
      {problem && (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={problem.error} details={problem.other} onClose={clearProblem} />
        </div>
      )}
      {validated && <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('rules.editor.valid', { hash: validated })} />}
      <Typography.Text strong>{t('rules.editor.saveNote')}</Typography.Text>
      <Input.TextArea
        style={{ marginTop: 6, marginBottom: 12 }}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={500}
        showCount
        autoSize={{ minRows: 2, maxRows: 5 }}
        placeholder={t('rules.editor.saveNotePlaceholder')}
        data-testid="editor-note"
      />
      <Space wrap>
        <Button icon={<CheckOutlined />} onClick={onValidate} loading={busy === 'validate'} data-testid="editor-validate">
          {t('rules.editor.validate')}
        </Button>
        <Button type="primary" icon={<SaveOutlined />} onClick={onSave} loading={busy === 'save'} data-testid="editor-save">
          {creating ? t('rules.editor.create') : t('rules.editor.save')}
        </Button>
      </Space>
    </Card>
  );
}
