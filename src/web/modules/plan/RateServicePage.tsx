// 评价服务: a resident or enterprise rates what was done for them (1-5 stars, 满意 / 基本满意 /
// 不满意, an optional comment), once per item, and sees the ratings they gave. Phones first.
import { StarOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, Radio, Rate, Skeleton, Space, Tag, theme, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, errorText, type ErrorDetail } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import type { Text } from './types';

export type RatingSubjectKind = 'service' | 'entitlement' | 'case';
export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

/** GET /api/me/ratings: the caller's own ratings and what they may still rate (not yet in types.ts). */
export type MyRatings = {
  ratings: {
    id: number;
    subjectKind: RatingSubjectKind;
    subjectRef: string;
    subjectName: Text;
    score: number;
    satisfaction: Satisfaction;
    comment: string | null;
    createdAt: string;
  }[];
  rateable: { subjectKind: RatingSubjectKind; subjectRef: string; subjectName: Text; districtCode: string; departmentCode: string }[];
};
type MyRating = MyRatings['ratings'][number];
type Subject = MyRatings['rateable'][number];

/** POST /api/ratings. District and department are not sent: the server takes them from the subject. */
type RatingBody = { subjectKind: RatingSubjectKind; subjectRef: string; score: number; satisfaction: Satisfaction; comment?: string };

type Values = { score?: number; satisfaction?: Satisfaction; comment?: string };

const SATISFACTIONS: readonly Satisfaction[] = ['satisfied', 'basically_satisfied', 'dissatisfied'];
const SATISFACTION_COLOR: Record<Satisfaction, string> = { satisfied: 'green', basically_satisfied: 'blue', dissatisfied: 'red' };
const STARS = ['1', '2', '3', '4', '5'] as const;
const COMMENT_MAX = 500;
/** The form's fields, matched against the `path` of a 422's details ("body.comment" or "comment"). */
const FIELDS = ['score', 'satisfaction', 'comment'] as const;
type Field = (typeof FIELDS)[number];

const keyOf = (s: { subjectKind: string; subjectRef: string }) => `${s.subjectKind}:${s.subjectRef}`;
const fieldOf = (d: ErrorDetail): Field | undefined => FIELDS.find((f) => d.path === f || d.path?.endsWith(`.${f}`));
const detailsOf = (e: unknown): ErrorDetail[] => (e instanceof ApiError && Array.isArray(e.details) ? e.details : []);
const isConflict = (e: unknown) => e instanceof ApiError && (e.code === 'CONFLICT' || e.status === 409);

/** What happened to the last rating sent, shown above both lists. */
type Notice = { kind: 'done' | 'already'; name: Text; error?: unknown };

export default function RateServicePage() {
  const { t, bi } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useApi<MyRatings>('/api/me/ratings');
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (notice) noticeRef.current?.scrollIntoView?.({ behavior: 'smooth', block: 'center' });
  }, [notice]);

  const mine = useMemo(() => [...(data?.ratings ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt)), [data]);
  // An item already rated is not offered again, even if the list of rateable items still names it.
  const toRate = useMemo(() => {
    const rated = new Set(mine.map(keyOf));
    return (data?.rateable ?? []).filter((s) => !rated.has(keyOf(s)));
  }, [data, mine]);

  const done = (s: Subject) => {
    setOpen(null);
    setNotice({ kind: 'done', name: s.subjectName });
    void message.success(t('planPublic.rate.submitted'));
    reload();
  };
  const already = (s: Subject, e: unknown) => {
    setOpen(null);
    setNotice({ kind: 'already', name: s.subjectName, error: e });
    reload();
  };

  return (
    <div data-testid="rate-service">
      <Typography.Title level={4} style={{ margin: '4px 0 4px' }}>
        {t('planPublic.rate.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 12 }}>
        {t('planPublic.rate.intro')}
      </Typography.Paragraph>

      {notice && (
        <div ref={noticeRef} style={{ marginBottom: 12 }}>
          {notice.kind === 'done' ? (
            <Alert
              type="success"
              showIcon
              closable={{ onClose: () => setNotice(null) }}
              data-testid="rating-done"
              title={t('planPublic.rate.submitted')}
              description={t('planPublic.rate.submittedDetail', { name: bi(notice.name) })}
            />
          ) : (
            <Alert
              type="warning"
              showIcon
              closable={{ onClose: () => setNotice(null) }}
              data-testid="rating-conflict"
              title={t('planPublic.rate.already', { name: bi(notice.name) })}
              description={
                <>
                  {notice.error !== undefined && <div>{errorText(notice.error)}</div>}
                  <div>{t('planPublic.rate.alreadyHelp')}</div>
                </>
              }
            />
          )}
        </div>
      )}

      {error ? (
        <LoadError error={error} onRetry={reload} />
      ) : !data ? (
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%', opacity: loading ? 0.6 : 1 }}>
          <section aria-labelledby="rate-todo">
            <Typography.Title level={5} id="rate-todo" style={{ margin: '0 0 8px' }}>
              {t('planPublic.rate.rateable')}
            </Typography.Title>
            {toRate.length === 0 ? (
              <Card size="small">
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('planPublic.rate.noneRateable')} />
              </Card>
            ) : (
              <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="rateable-list">
                {toRate.map((s) => {
                  const key = keyOf(s);
                  return (
                    <Card key={key} size="small" data-testid="rateable-subject" data-subject={key} styles={{ body: { padding: 14 } }}>
                      <SubjectHeading kind={s.subjectKind} name={s.subjectName} />
                      <div style={{ marginTop: 12 }}>
                        {open === key ? (
                          <RatingForm subject={s} onDone={() => done(s)} onAlready={(e) => already(s, e)} onCancel={() => setOpen(null)} />
                        ) : (
                          <Button
                            type="primary"
                            size="large"
                            block
                            icon={<StarOutlined />}
                            data-testid="rate-open"
                            onClick={() => {
                              setOpen(key);
                              setNotice(null);
                            }}
                          >
                            {t('planPublic.rate.open')}
                          </Button>
                        )}
                      </div>
                    </Card>
                  );
                })}
              </Space>
            )}
          </section>

          <section aria-labelledby="rate-mine">
            <Typography.Title level={5} id="rate-mine" style={{ margin: '0 0 8px' }}>
              {t('planPublic.rate.mine')}
            </Typography.Title>
            <Card size="small" styles={{ body: { padding: mine.length ? '0 14px' : 14 } }}>
              {mine.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('planPublic.rate.noneMine')} />
              ) : (
                <div role="list" data-testid="my-ratings">
                  {mine.map((r, i) => (
                    <PastRating key={r.id} rating={r} last={i === mine.length - 1} />
                  ))}
                </div>
              )}
            </Card>
          </section>
        </Space>
      )}
    </div>
  );
}

function SubjectHeading({ kind, name }: { kind: string; name: Text }) {
  const { bi, dyn } = useI18n();
  return (
    <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
      <Typography.Text strong style={{ flex: 1, minWidth: 0, fontSize: 16, overflowWrap: 'anywhere' }}>
        {bi(name)}
      </Typography.Text>
      <Tag style={{ flex: 'none', marginInlineEnd: 0 }}>{dyn(`planPublic.rate.kinds.${kind}`, kind)}</Tag>
    </div>
  );
}

function PastRating({ rating: r, last }: { rating: MyRating; last: boolean }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  return (
    <div role="listitem" data-testid="my-rating" style={{ padding: '12px 0', borderBottom: last ? undefined : `1px solid ${token.colorSplit}` }}>
      <SubjectHeading kind={r.subjectKind} name={r.subjectName} />
      <div style={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 8, marginTop: 6 }}>
        <span role="img" aria-label={t('planPublic.rate.starsValue', { score: r.score })}>
          <Rate disabled value={r.score} count={5} style={{ fontSize: 16 }} />
        </span>
        <Tag color={SATISFACTION_COLOR[r.satisfaction] ?? 'default'} style={{ marginInlineEnd: 0 }}>
          {t(`planPublic.rate.satisfactionValues.${r.satisfaction}`)}
        </Tag>
      </div>
      {r.comment && <Typography.Paragraph style={{ margin: '6px 0 0', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{r.comment}</Typography.Paragraph>}
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
        {t('planPublic.rate.ratedAt', { at: formatDateTime(r.createdAt).slice(0, 16) })}
      </Typography.Text>
    </div>
  );
}

function RatingForm({ subject, onDone, onAlready, onCancel }: { subject: Subject; onDone: () => void; onAlready: (e: unknown) => void; onCancel: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const score = Form.useWatch('score', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const starWords = STARS.map((s) => t(`planPublic.rate.stars.${s}`));
  const scoreWord = score ? starWords[score - 1] : undefined;

  const submit = async (v: Values) => {
    if (!v.score || !v.satisfaction) return;
    setBusy(true);
    setError(null);
    const comment = v.comment?.trim();
    const body: RatingBody = { subjectKind: subject.subjectKind, subjectRef: subject.subjectRef, score: v.score, satisfaction: v.satisfaction, ...(comment ? { comment } : {}) };
    try {
      await api.post('/api/ratings', body);
      setBusy(false);
      onDone();
    } catch (e) {
      setBusy(false);
      if (isConflict(e)) {
        onAlready(e);
        return;
      }
      setError(e);
      // A 422 names its fields: each message goes next to its field as well as into the summary.
      const byField = new Map<Field, string[]>();
      for (const d of detailsOf(e)) {
        const f = fieldOf(d);
        if (f) byField.set(f, [...(byField.get(f) ?? []), lang === 'en' ? d.messageEn || d.message : d.message]);
      }
      if (byField.size) form.setFields([...byField.entries()].map(([name, errors]) => ({ name, errors })));
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={submit} data-testid="rating-form" scrollToFirstError>
      <Form.Item
        name="score"
        label={t('planPublic.rate.score')}
        rules={[{ validator: (_, v?: number) => (v && v >= 1 && v <= 5 ? Promise.resolve() : Promise.reject(new Error(t('planPublic.rate.scoreRequired')))) }]}
        extra={scoreWord}
      >
        <Rate count={5} allowClear={false} tooltips={starWords} style={{ fontSize: 32 }} data-testid="rating-score" />
      </Form.Item>
      <Form.Item name="satisfaction" label={t('planPublic.rate.satisfaction')} rules={[{ required: true, message: t('planPublic.rate.satisfactionRequired') }]}>
        <Radio.Group buttonStyle="solid" style={{ display: 'flex', width: '100%' }} data-testid="rating-satisfaction">
          {SATISFACTIONS.map((s) => (
            <Radio.Button
              key={s}
              value={s}
              data-testid={`satisfaction-${s}`}
              style={{ flex: 1, minWidth: 0, height: 'auto', minHeight: 44, padding: '10px 4px', lineHeight: 1.3, textAlign: 'center', whiteSpace: 'normal' }}
            >
              {t(`planPublic.rate.satisfactionValues.${s}`)}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="comment" label={t('planPublic.rate.comment')} rules={[{ max: COMMENT_MAX, message: t('planPublic.rate.commentMax') }]}>
        <Input.TextArea
          maxLength={COMMENT_MAX}
          showCount
          autoSize={{ minRows: 3, maxRows: 8 }}
          placeholder={t('planPublic.rate.commentPlaceholder')}
          data-testid="rating-comment"
        />
      </Form.Item>
      {error !== null && <SubmitError error={error} />}
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="rating-submit">
          {t('planPublic.rate.submit')}
        </Button>
        <Button size="large" block onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </Button>
      </Space>
    </Form>
  );
}

/** A refused rating: the server's message and, for a 422, each field's problem. */
function SubmitError({ error }: { error: unknown }) {
  const { t, lang } = useI18n();
  const details = detailsOf(error);
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  const label = (f: Field) => (f === 'score' ? t('planPublic.rate.score') : f === 'satisfaction' ? t('planPublic.rate.satisfaction') : t('planPublic.rate.comment'));
  return (
    <Alert
      type="error"
      showIcon
      data-testid="rating-error"
      style={{ marginBottom: 12 }}
      title={errorText(error)}
      description={
        details.length > 0 || requestId ? (
          <>
            {details.length > 0 && (
              <ul data-testid="rating-error-details" style={{ margin: 0, paddingInlineStart: 18 }}>
                {details.map((d, i) => {
                  const f = fieldOf(d);
                  return (
                    <li key={i} style={{ overflowWrap: 'anywhere' }}>
                      {f ? <Typography.Text strong>{label(f)}</Typography.Text> : d.path ? <Typography.Text code>{d.path}</Typography.Text> : null}{' '}
                      {lang === 'en' ? d.messageEn || d.message : d.message}
                    </li>
                  );
                })}
              </ul>
            )}
            {requestId && <div style={{ fontSize: 12 }}>{t('errors.requestId', { id: requestId })}</div>}
          </>
        ) : undefined
      }
    />
  );
}
