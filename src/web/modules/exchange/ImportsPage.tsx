// Department data imports: the batches with their status, an upload form (feed, mode, file),
// and each batch's error report (line, field, message).
import { InboxOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { PagedTable } from '../../shared/PagedTable';
import { Alert, App, Button, Card, Col, Collapse, Descriptions, Drawer, Empty, Form, Grid, Radio, Row, Select, Skeleton, Space, Table, Tag, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { UploadFile } from 'antd/es/upload';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError, errorText, request } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import type { BatchStatus, Feed, FeedColumn, ImportBatch, ImportBatchDetail, ImportError, Paged } from '../../shared/types';
import { useApi } from '../../shared/useApi';

const STATUS_COLOR: Record<BatchStatus, string> = { loaded: 'success', rejected: 'error', partially_loaded: 'warning' };

function contentTypeOf(fileName: string): string {
  const ext = fileName.toLowerCase().split('.').pop();
  if (ext === 'csv' || ext === 'txt') return 'text/csv';
  if (ext === 'json' || ext === 'ndjson') return 'application/json';
  return 'application/octet-stream';
}

export default function ImportsPage() {
  const { t, bi } = useI18n();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const openBatch = params.get('batch');
  const feedFilter = params.get('feed') ?? undefined;
  const statusFilter = params.get('status') ?? undefined;
  const batches = useApi<Paged<ImportBatch>>('/api/imports', { feed: feedFilter, status: statusFilter, page, pageSize });
  const feeds = useApi<Feed[]>('/api/feeds');
  const feedLabel = useMemo(() => {
    const m = new Map<string, string>();
    for (const f of feeds.data ?? []) m.set(f.name, bi({ zh: f.labelZh, en: f.labelEn }));
    return m;
  }, [feeds.data, bi]);

  const setParam = (changes: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) p.delete(k);
      else p.set(k, v);
    }
    setParams(p);
  };

  const columns: ColumnsType<ImportBatch> = [
    {
      title: t('imports.id'),
      dataIndex: 'id',
      className: 'hm-num',
      render: (id: number) => (
        <Typography.Link data-testid="batch-link" onClick={() => setParam({ batch: String(id) })}>
          #{id}
        </Typography.Link>
      ),
    },
    { title: t('imports.feed'), dataIndex: 'feed', render: (f: string) => feedLabel.get(f) ?? f },
    {
      title: t('imports.department'),
      dataIndex: 'departmentCode',
      responsive: ['xl'],
      render: (_: unknown, b) => {
        const f = feeds.data?.find((x) => x.name === b.feed);
        return f ? bi({ zh: f.departmentName ?? f.department, en: f.departmentNameEn ?? f.department }) : (b.departmentCode ?? t('common.none'));
      },
    },
    { title: t('imports.fileName'), dataIndex: 'fileName', responsive: ['lg'], ellipsis: true },
    { title: t('imports.mode'), dataIndex: 'mode', responsive: ['md'], render: (m: ImportBatch['mode']) => t(`imports.modes.${m}`) },
    { title: t('imports.status'), dataIndex: 'status', render: (s: BatchStatus) => <Tag color={STATUS_COLOR[s]}>{t(`imports.statuses.${s}`)}</Tag> },
    { title: t('imports.rowsTotal'), dataIndex: 'rowsTotal', align: 'right', className: 'hm-num' },
    { title: t('imports.rowsInserted'), dataIndex: 'rowsInserted', align: 'right', className: 'hm-num', responsive: ['md'] },
    { title: t('imports.rowsUpdated'), dataIndex: 'rowsUpdated', align: 'right', className: 'hm-num', responsive: ['md'] },
    {
      title: t('imports.rowsRejected'),
      dataIndex: 'rowsRejected',
      align: 'right',
      className: 'hm-num',
      render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n),
    },
    { title: t('imports.createdAt'), dataIndex: 'createdAt', className: 'hm-num', responsive: ['sm'], render: (v: string) => formatDateTime(v) },
    { title: t('imports.createdBy'), dataIndex: 'createdBy', responsive: ['xl'], render: (_: unknown, b) => b.createdByName ?? b.createdBy ?? t('common.none') },
  ];

  return (
    <div>
      <Typography.Title level={3} className="hm-page-title">
        {t('imports.title')}
      </Typography.Title>
      {can('import.write') ? (
        <UploadCard
          feeds={feeds.data ?? []}
          feedsLoading={feeds.loading}
          onImported={(batchId) => {
            batches.reload();
            if (batchId) setParam({ batch: String(batchId), page: null });
          }}
        />
      ) : (
        <Alert type="info" showIcon title={t('imports.cannotWrite')} style={{ marginBottom: 16 }} />
      )}
      <Card
        size="small"
        title={t('imports.batches')}
        extra={
          <Space wrap size={8}>
            <Select
              size="small"
              allowClear
              style={{ width: 180 }}
              placeholder={t('imports.feed')}
              value={feedFilter}
              onChange={(v?: string) => setParam({ feed: v ?? null, page: null })}
              options={(feeds.data ?? []).map((f) => ({ value: f.name, label: feedLabel.get(f.name) ?? f.name }))}
            />
            <Select
              size="small"
              allowClear
              style={{ width: 120 }}
              placeholder={t('imports.status')}
              value={statusFilter}
              onChange={(v?: string) => setParam({ status: v ?? null, page: null })}
              options={(['loaded', 'partially_loaded', 'rejected'] as const).map((st) => ({ value: st, label: t(`imports.statuses.${st}`) }))}
            />
            <Button size="small" icon={<ReloadOutlined />} onClick={batches.reload} aria-label={t('common.refresh')} />
          </Space>
        }
      >
        {batches.error ? (
          <LoadError error={batches.error} onRetry={batches.reload} />
        ) : (
          <PagedTable<ImportBatch> testId="import-batches" columns={columns} data={batches.data} loading={batches.loading} page={page} pageSize={pageSize} onPage={(p, ps) => setParam({ page: p > 1 && ps === pageSize ? String(p) : null, pageSize: ps !== 20 ? String(ps) : null })} />
        )}
      </Card>
      <BatchDrawer id={openBatch} feedLabel={feedLabel} onClose={() => setParam({ batch: null })} />
    </div>
  );
}

type UploadValues = { feed: string; mode: 'reject' | 'quarantine' };

function UploadCard({ feeds, feedsLoading, onImported }: { feeds: Feed[]; feedsLoading: boolean; onImported: (batchId: number | null) => void }) {
  const { t, bi, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<UploadValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const feedName = Form.useWatch('feed', form);
  const feed = feeds.find((f) => f.name === feedName);

  const submit = async (v: UploadValues) => {
    const file = files[0]?.originFileObj;
    if (!file) {
      void message.error(t('imports.fileRequired'));
      return;
    }
    setBusy(true);
    setResult(null);
    try {
      const res = await request<{ batch: ImportBatch }>('/api/imports', {
        method: 'POST',
        query: { feed: v.feed, mode: v.mode, fileName: file.name },
        raw: file,
        contentType: contentTypeOf(file.name),
      });
      setResult({ ok: true, text: t('imports.done', { id: res.batch.id }) });
      setFiles([]);
      onImported(res.batch.id);
    } catch (e) {
      setResult({ ok: false, text: errorText(e) });
      // A rejected batch is still recorded, with its error report.
      const details = e instanceof ApiError && e.details && !Array.isArray(e.details) ? e.details : undefined;
      const batchId = typeof details?.batchId === 'number' ? details.batchId : null;
      onImported(batchId);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('imports.upload')} style={{ marginBottom: 16 }}>
      <Form<UploadValues> form={form} layout="vertical" initialValues={{ mode: 'reject' }} onFinish={submit} data-testid="import-form">
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="feed" label={t('imports.feed')} rules={[{ required: true, message: t('imports.feedRequired') }]}>
              <Select
                data-testid="import-feed"
                loading={feedsLoading}
                placeholder={t('imports.feedPlaceholder')}
                showSearch={{ optionFilterProp: 'label' }}
                options={feeds.filter((f) => f.canImport !== false).map((f) => ({ value: f.name, label: `${bi({ zh: f.labelZh, en: f.labelEn })} (${f.name})` }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="mode" label={t('imports.mode')} extra={t('imports.modeHelp')}>
              <Radio.Group
                data-testid="import-mode"
                options={[
                  { value: 'reject', label: t('imports.modes.reject') },
                  { value: 'quarantine', label: t('imports.modes.quarantine') },
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
        {feed && (
          <>
            {(feed.descriptionZh || feed.descriptionEn) && (
              <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
                {bi({ zh: feed.descriptionZh ?? '', en: feed.descriptionEn ?? '' })}
                {feed.departmentName && <> · {bi({ zh: feed.departmentName, en: feed.departmentNameEn ?? feed.departmentName })}</>}
              </Typography.Paragraph>
            )}
            <Collapse
              size="small"
              style={{ marginBottom: 16 }}
              items={[
                {
                  key: 'columns',
                  label: `${t('imports.columns')} · ${feed.columns.length}`,
                  children: (
                    <>
                      {feed.exampleHeader && (
                        <Typography.Paragraph>
                          {t('imports.header')}: <Typography.Text code copyable className="hm-mono">{feed.exampleHeader}</Typography.Text>
                        </Typography.Paragraph>
                      )}
                      <Table<FeedColumn>
                        size="small"
                        rowKey="name"
                        pagination={false}
                        scroll={{ x: 'max-content' }}
                        dataSource={feed.columns}
                        columns={[
                          { title: t('imports.column'), dataIndex: 'name', className: 'hm-mono' },
                          ...(lang === 'zh-CN' ? [{ title: t('imports.label'), dataIndex: 'labelZh' }] : []),
                          { title: t('imports.required'), dataIndex: 'required', render: (r: boolean) => (r ? <Tag color="red">{t('common.yes')}</Tag> : t('common.no')) },
                          { title: t('imports.format'), key: 'format', render: (_: unknown, c) => bi({ zh: c.format ?? '', en: c.formatEn ?? c.format ?? '' }, t('common.none')) },
                          { title: t('imports.description'), key: 'description', render: (_: unknown, c) => bi({ zh: c.description ?? '', en: c.descriptionEn ?? c.description ?? '' }, t('common.none')) },
                        ]}
                      />
                    </>
                  ),
                },
              ]}
            />
          </>
        )}
        <Form.Item label={t('imports.file')} required>
          <Upload.Dragger
            data-testid="import-file"
            accept=".csv,.json,.txt"
            multiple={false}
            maxCount={1}
            fileList={files}
            beforeUpload={(file) => {
              setFiles([{ uid: file.uid, name: file.name, size: file.size, originFileObj: file, status: 'done' }]);
              return false; // sent with the form, not on selection
            }}
            onRemove={() => setFiles([])}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('imports.chooseFile')}</p>
          </Upload.Dragger>
        </Form.Item>
        <Space wrap>
          <Button data-testid="import-submit" type="primary" htmlType="submit" icon={<UploadOutlined />} loading={busy}>
            {busy ? t('imports.uploading') : t('imports.submit')}
          </Button>
        </Space>
        {result && <Alert data-testid="import-result" type={result.ok ? 'success' : 'error'} showIcon title={result.text} style={{ marginTop: 12 }} />}
      </Form>
    </Card>
  );
}

function BatchDrawer({ id, feedLabel, onClose }: { id: string | null; feedLabel: Map<string, string>; onClose: () => void }) {
  const { t, lang } = useI18n();
  const screens = Grid.useBreakpoint();
  const valid = !!id && /^[1-9]\d{0,15}$/.test(id);
  const [errPage, setErrPage] = useState({ id, page: 1, pageSize: 50 });
  const ep = errPage.id === id ? errPage : { id, page: 1, pageSize: 50 };
  const { data, error, reload } = useApi<ImportBatchDetail>(valid ? `/api/imports/${id}` : null, { page: ep.page, pageSize: ep.pageSize });
  const d = data && String(data.batch.id) === id ? data : undefined;
  // The server pages the error report when it is long; otherwise the table pages what it has.
  const serverPaged = !!d && d.errors.total > d.errors.items.length;

  const errorColumns: ColumnsType<ImportError> = [
    { title: t('imports.line'), dataIndex: 'line', className: 'hm-num', width: 80 },
    { title: t('imports.field'), dataIndex: 'field', className: 'hm-mono', render: (f: string | null) => f ?? t('common.none') },
    { title: t('imports.code'), dataIndex: 'code', className: 'hm-mono', responsive: ['md'] },
    { title: t('imports.message'), key: 'message', render: (_: unknown, e) => (lang === 'en' ? e.messageEn || e.message : e.message) },
  ];

  return (
    <Drawer open={!!id} onClose={onClose} title={t('imports.detail', { id: id ?? '' })} size={screens.lg ? 760 : '100%'} destroyOnHidden>
      {error ? (
        <LoadError error={error} onRetry={reload} />
      ) : !d ? (
        <Skeleton active />
      ) : (
        <div data-testid="batch-detail">
          <Descriptions
            className="hm-stack"
            size="small"
            bordered
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: 'feed', label: t('imports.feed'), children: feedLabel.get(d.batch.feed) ?? d.batch.feed },
              { key: 'status', label: t('imports.status'), children: <Tag color={STATUS_COLOR[d.batch.status]}>{t(`imports.statuses.${d.batch.status}`)}</Tag> },
              { key: 'file', label: t('imports.fileName'), children: d.batch.fileName },
              { key: 'enc', label: t('imports.encoding'), children: d.batch.encoding },
              { key: 'mode', label: t('imports.mode'), children: t(`imports.modes.${d.batch.mode}`) },
              { key: 'at', label: t('imports.createdAt'), children: formatDateTime(d.batch.createdAt) },
              { key: 'total', label: t('imports.rowsTotal'), children: d.batch.rowsTotal },
              { key: 'ins', label: t('imports.rowsInserted'), children: d.batch.rowsInserted },
              { key: 'upd', label: t('imports.rowsUpdated'), children: d.batch.rowsUpdated },
              { key: 'unch', label: t('imports.rowsUnchanged'), children: d.batch.rowsUnchanged },
              { key: 'rej', label: t('imports.rowsRejected'), children: d.batch.rowsRejected },
              { key: 'by', label: t('imports.createdBy'), children: d.batch.createdByName ?? d.batch.createdBy ?? t('common.none') },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('imports.errors')} {d.errors.total > 0 && <Tag color="red">{d.errors.total}</Tag>}
          </Typography.Title>
          {d.errors.total === 0 ? (
            <Empty description={t('imports.noErrors')} />
          ) : (
            <div data-testid="batch-errors">
              <Table<ImportError>
                size="small"
                rowKey="key"
                columns={errorColumns}
                dataSource={d.errors.items.map((e, i) => ({ ...e, key: `${ep.page}-${i}` }))}
                scroll={{ x: 'max-content' }}
                pagination={
                  serverPaged
                    ? {
                        current: ep.page,
                        pageSize: ep.pageSize,
                        total: d.errors.total,
                        showSizeChanger: false,
                        showTotal: (total) => t('common.total', { total }),
                        onChange: (page) => setErrPage({ id, page, pageSize: ep.pageSize }),
                      }
                    : { pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }
                }
              />
            </div>
          )}
        </div>
      )}
    </Drawer>
  );
}
