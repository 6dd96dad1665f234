// 事项办理 inbox: the cases of the user's jurisdiction in four boxes (open, waiting for review,
// incoming transfers, closed), with deadline lights as quick filters and filters by kind, state,
// light, supervision and text, ordered by deadline. Filters live in the address.
import { PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Col, Grid, Input, Row, Select, Space, Table, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../shared/auth';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { KindSelect, LIGHT_COLOR, PageHeader, useCaseColumns, useCaseKinds } from './common';
import { CASE_LIGHTS, INBOX_BOXES, type CaseLight, type CaseListItem, type CasePage, type InboxBox, type InboxSummary } from './types';

const asBox = (v: string | null): InboxBox => (INBOX_BOXES as readonly string[]).includes(v ?? '') ? (v as InboxBox) : 'open';
const asLight = (v: string | null): CaseLight | undefined => ((CASE_LIGHTS as readonly string[]).includes(v ?? '') ? (v as CaseLight) : undefined);

export default function CaseInboxPage() {
  const { t, bi } = useI18n();
  const { can } = useAuth();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const [params, setParams] = useSearchParams();
  const box = asBox(params.get('box'));
  const kind = params.get('kind') ?? undefined;
  const state = params.get('state') ?? undefined;
  const light = asLight(params.get('light'));
  const supervisedParam = params.get('supervised');
  const supervised = supervisedParam === 'true' || supervisedParam === 'false' ? supervisedParam : undefined;
  const q = params.get('q') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(200, Math.max(1, Number(params.get('size')) || 20));

  const set = (next: Record<string, string | undefined>) =>
    setParams(
      (prev) => {
        const p = new URLSearchParams(prev);
        // Any change of filter starts again from the first page.
        if (!('page' in next)) p.delete('page');
        for (const [k, v] of Object.entries(next)) {
          if (v) p.set(k, v);
          else p.delete(k);
        }
        return p;
      },
      { replace: true },
    );

  const kinds = useCaseKinds();
  const chosenKind = kind ? kinds.byCode.get(kind) : undefined;
  const summary = useApi<InboxSummary>('/api/cases/summary', { kind });
  // The summary has no closed count; one row of the closed box carries its total.
  const closed = useApi<CasePage>('/api/cases', { box: 'closed', kind, pageSize: 1 });
  const list = useApi<CasePage>('/api/cases', { box, kind, state, light, supervised, q, page, pageSize });

  const [text, setText] = useState(q ?? '');
  useEffect(() => setText(q ?? ''), [q]);

  const s = summary.data;
  const counts: Record<InboxBox, number | undefined> = { open: s?.open, review: s?.review, incoming: s?.incoming, closed: closed.data?.total };
  const lightCounts: Record<CaseLight, number> | undefined = s && { red: s.red, yellow: s.yellow, blue: s.blue, green: Math.max(0, s.open - s.red - s.yellow - s.blue) };
  const filtered = !!(kind || state || light || supervised || q);

  const columns = useCaseColumns(narrow, list.data?.items ?? []);
  const chooseBox = (b: InboxBox) => set({ box: b === 'open' ? undefined : b, light: b === 'closed' ? undefined : light });
  const boxLabel = (b: InboxBox) => (
    <>
      {t(`cases.box.${b}`)}{' '}
      <Badge
        count={counts[b] ?? 0}
        showZero
        overflowCount={9999}
        color={(b === 'review' || b === 'incoming') && (counts[b] ?? 0) > 0 ? '#cf1322' : b === 'closed' ? '#8c8c8c' : '#1f5fbf'}
        data-testid={`box-count-${b}`}
      />
    </>
  );

  return (
    <div data-testid="case-inbox">
      <PageHeader
        title={t('cases.inbox.title')}
        hint={t('cases.inbox.hint')}
        extra={
          can('case.handle') && (
            <Link to="/cases/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="case-new">
                {t('cases.inbox.newCase')}
              </Button>
            </Link>
          )
        }
      />
      <Card size="small" style={{ marginBottom: 12 }} data-testid="case-light-counts">
        <Space wrap size={[16, 8]} align="center">
          <Typography.Text type="secondary">
            {t('cases.inbox.lightCounts')}
            {t('cases.colon')}
          </Typography.Text>
          {CASE_LIGHTS.map((l) => (
            <Button
              key={l}
              size="small"
              type={light === l ? 'primary' : 'text'}
              ghost={light === l}
              aria-pressed={light === l}
              data-testid={`light-count-${l}`}
              onClick={() => set({ box: 'open', light: light === l ? undefined : l })}
              style={{ paddingInline: 6 }}
            >
              <span aria-hidden style={{ display: 'inline-block', width: 10, height: 10, borderRadius: '50%', background: LIGHT_COLOR[l] }} />
              {t(`cases.light.${l}`)}
              <strong className="hm-num">{lightCounts ? lightCounts[l] : '…'}</strong>
            </Button>
          ))}
          <Button
            size="small"
            type={supervised === 'true' ? 'primary' : 'text'}
            ghost={supervised === 'true'}
            aria-pressed={supervised === 'true'}
            data-testid="supervised-count"
            onClick={() => set({ box: 'open', supervised: supervised === 'true' ? undefined : 'true' })}
            style={{ paddingInline: 6 }}
          >
            {t('cases.inbox.supervisedCount')}
            <strong className="hm-num">{s ? s.supervised : '…'}</strong>
          </Button>
          {!narrow && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('cases.inbox.lightFilterHint')}
            </Typography.Text>
          )}
        </Space>
      </Card>
      <Card size="small">
        {narrow ? (
          // On a phone the four boxes are a 2 × 2 grid of buttons: tabs would scroll out of sight.
          <Row gutter={[8, 8]} style={{ marginBottom: 12 }} data-testid="case-boxes" role="tablist">
            {INBOX_BOXES.map((b) => (
              <Col xs={12} key={b}>
                <Button block type={box === b ? 'primary' : 'default'} role="tab" aria-selected={box === b} onClick={() => chooseBox(b)} data-testid={`box-${b}`}>
                  {boxLabel(b)}
                </Button>
              </Col>
            ))}
          </Row>
        ) : (
          <Tabs activeKey={box} onChange={(k) => chooseBox(k as InboxBox)} data-testid="case-boxes" items={INBOX_BOXES.map((b) => ({ key: b, label: <span data-testid={`box-${b}`}>{boxLabel(b)}</span> }))} />
        )}
        {/* Filters: a row on wide screens, a two-column grid on phones. */}
        <Row gutter={[8, 8]} style={{ marginBottom: 12 }} align="middle">
          <Col xs={12} md={{ flex: 'none' }}>
            <KindSelect kinds={kinds.list} value={kind} onChange={(k) => set({ kind: k, state: undefined })} style={narrow ? { width: '100%', minWidth: 0 } : undefined} />
          </Col>
          <Col xs={12} md={{ flex: 'none' }}>
            <Select
              data-testid="case-state-select"
              style={narrow ? { width: '100%' } : { minWidth: 140 }}
              allowClear
              disabled={!chosenKind}
              placeholder={chosenKind ? t('cases.inbox.state') : t('cases.inbox.stateNeedsKind')}
              aria-label={t('cases.common.state')}
              value={state}
              onChange={(v?: string) => set({ state: v })}
              options={(chosenKind?.states ?? []).map((st) => ({ value: st.code, label: bi(st.label) }))}
            />
          </Col>
          {box !== 'closed' && (
            <Col xs={12} md={{ flex: 'none' }}>
              <Select
                data-testid="case-light-select"
                style={narrow ? { width: '100%' } : { minWidth: 120 }}
                allowClear
                placeholder={t('cases.inbox.lightAll')}
                aria-label={t('cases.common.light')}
                value={light}
                onChange={(v?: string) => set({ light: v })}
                options={CASE_LIGHTS.map((l) => ({ value: l, label: t(`cases.light.${l}`) }))}
              />
            </Col>
          )}
          <Col xs={12} md={{ flex: 'none' }}>
            <Select
              data-testid="case-supervised-select"
              style={narrow ? { width: '100%' } : { minWidth: 120 }}
              allowClear
              placeholder={t('cases.inbox.supervisedAll')}
              aria-label={t('cases.inbox.supervisedAll')}
              value={supervised}
              onChange={(v?: string) => set({ supervised: v })}
              options={[
                { value: 'true', label: t('cases.inbox.supervisedOnly') },
                { value: 'false', label: t('cases.inbox.notSupervised') },
              ]}
            />
          </Col>
          <Col xs={24} md={{ flex: 'none' }}>
            <Input.Search
              data-testid="case-search"
              allowClear
              style={{ width: narrow ? '100%' : 240 }}
              placeholder={t('cases.inbox.search')}
              aria-label={t('cases.inbox.search')}
              value={text}
              maxLength={50}
              onChange={(e) => setText(e.target.value)}
              onSearch={(v) => set({ q: v.trim() || undefined })}
            />
          </Col>
          {filtered && (
            <Col xs={24} md={{ flex: 'none' }}>
              <Button type="link" style={{ paddingInline: 0 }} onClick={() => set({ kind: undefined, state: undefined, light: undefined, supervised: undefined, q: undefined })} data-testid="case-clear-filters">
                {t('cases.inbox.clear')}
              </Button>
            </Col>
          )}
        </Row>
        {list.error && !list.data ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <Table<CaseListItem>
            data-testid="case-table"
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: filtered ? t('cases.inbox.empty') : t(`cases.inbox.emptyBox.${box}`) }}
            pagination={{
              current: list.data?.page ?? page,
              pageSize: list.data?.pageSize ?? pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              size: narrow ? 'small' : undefined,
              showTotal: (total) => t('common.total', { total }),
              onChange: (p, size) => set({ page: p > 1 ? String(p) : undefined, size: size !== 20 ? String(size) : undefined }),
            }}
          />
        )}
      </Card>
    </div>
  );
}
