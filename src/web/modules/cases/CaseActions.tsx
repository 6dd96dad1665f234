// The actions panel of one case. It offers only what the server lists in `actions` for this user
// now, and each action asks exactly what it needs: a transition what its kind file `requires`
// (conclusion, evidence, reason), a transfer its target and reason, a return or refusal its reason.
// Every post carries the case version the user saw, so a stale page gets a 409 and a reload button.
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Cascader, Form, Input, Modal, Select, Space, Typography, Upload } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { errorDetails } from '../../shared/ErrorAlert';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import type { DivisionView } from '../../shared/types';
import { ATTACHMENT_ACCEPT, ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, CaseErrorAlert, isConflict, useDepartments, useDistricts, useDivisionNames } from './common';
import type { ActionResult, CaseAttachment, CaseDetail, CaseTransition } from './types';

// --- Attachments ------------------------------------------------------------------------------------

const BY_EXTENSION: Record<string, (typeof ATTACHMENT_TYPES)[number]> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  txt: 'text/plain',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  mp3: 'audio/mpeg',
};

/** The file's type as the server names it, from the browser's guess or else the extension. */
function mimeOf(file: File): string | null {
  if ((ATTACHMENT_TYPES as readonly string[]).includes(file.type)) return file.type;
  return BY_EXTENSION[file.name.split('.').pop()?.toLowerCase() ?? ''] ?? null;
}

function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}

type Uploaded = Pick<CaseAttachment, 'id' | 'name' | 'mime' | 'size'>;

/** Uploads one file to a case (JSON with base64 content), checking type and size first. */
export function useAttachmentUpload(caseId: number, onUploaded: (a: Uploaded) => void) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const upload = async (file: File) => {
    setError(null);
    const mime = mimeOf(file);
    if (!mime) return void message.error(t('cases.detail.badType', { name: file.name }));
    if (file.size > ATTACHMENT_MAX_BYTES) return void message.error(t('cases.detail.tooLarge', { name: file.name }));
    setBusy(true);
    try {
      const a = await api.post<Uploaded>(`/api/cases/${caseId}/attachments`, { name: file.name, mime, contentBase64: await base64Of(file) });
      void message.success(t('cases.detail.uploaded', { name: a.name }));
      onUploaded(a);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { upload, busy, error, clearError: () => setError(null) };
}

/** A button that picks a file and uploads it. */
export function UploadButton({ upload, busy, label, testId }: { upload: (f: File) => Promise<void>; busy: boolean; label: string; testId?: string }) {
  return (
    <Upload
      accept={ATTACHMENT_ACCEPT}
      showUploadList={false}
      multiple={false}
      beforeUpload={(file) => {
        void upload(file);
        return Upload.LIST_IGNORE;
      }}
    >
      <Button icon={<UploadOutlined />} loading={busy} data-testid={testId}>
        {label}
      </Button>
    </Upload>
  );
}

// --- Transfer target --------------------------------------------------------------------------------

type Option = { value: string; label: string; isLeaf: boolean; children?: Option[] };

/**
 * A district, or a township within it. All 38 districts are offered (a misrouted case may go to any
 * of them); townships are listed where the user may see them.
 */
function TransferTargetPicker({ value, onChange, id }: { value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const districts = useDistricts();
  const [options, setOptions] = useState<Option[]>([]);
  useEffect(() => setOptions(districts.list.map((d) => ({ value: d.code, label: d.name, isLeaf: false }))), [districts.list]);
  const loadData = (selected: Option[]) => {
    const target = selected[selected.length - 1];
    if (!target || target.children) return;
    const attach = (children: Option[]) => setOptions((os) => os.map((o) => (o.value === target.value ? { ...o, children, isLeaf: children.length === 0 } : o)));
    api
      .get<DivisionView>(`/api/divisions/${target.value}`)
      .then((v) => attach(v.children.map((c) => ({ value: c.code, label: c.name, isLeaf: true }))))
      .catch(() => attach([]));
  };
  return (
    <Cascader<Option>
      id={id}
      data-testid="transfer-target"
      options={options}
      loadData={loadData}
      changeOnSelect
      showSearch={false}
      loading={districts.loading}
      value={value ? (value.length === 9 ? [value.slice(0, 6), value] : [value]) : []}
      onChange={(path) => onChange?.(path && path.length ? String(path[path.length - 1]) : undefined)}
      allowClear
      style={{ width: '100%' }}
    />
  );
}

// --- The panel --------------------------------------------------------------------------------------

type Values = { conclusion?: string; evidence?: string; attachmentIds?: number[]; reason?: string; note?: string; toOrg?: string; toDepartment?: string };

/** What an action's form asks and how its body is built. */
type Spec = {
  title: string;
  notice?: ReactNode;
  conclusions?: { value: string; label: string }[];
  evidence?: boolean;
  reason?: { label: string };
  note?: { label: string; required: boolean; attachments: boolean };
  transfer?: boolean;
  danger?: boolean;
  okText: string;
  body: (v: Values) => Record<string, unknown>;
  done: string;
};

/** An action's name: a transition's label from the kind file, else the UI's word for it. */
function useActionLabel(c: CaseDetail) {
  const { bi, dyn } = useI18n();
  return (key: string): string => {
    if (key.startsWith('transition:')) {
      const tr = c.kindDefinition.transitions.find((x) => x.action === key.slice('transition:'.length));
      return tr ? bi(tr.label) : key;
    }
    return dyn(`cases.action.${key}`, key);
  };
}

export function CaseActions({ c, reload }: { c: CaseDetail; reload: () => void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const [open, setOpen] = useState<string | null>(null);
  const label = useActionLabel(c);

  if (c.actions.length === 0)
    return <Typography.Text type="secondary">{can('case.handle') ? t('cases.detail.noActions') : t('cases.detail.readOnly')}</Typography.Text>;

  const primary = (key: string) => key.startsWith('transition:') || key === 'review_approve' || key === 'transfer_accept';
  const danger = (key: string) => key === 'review_return' || key === 'transfer_refuse';
  return (
    <>
      <Space wrap size={[8, 8]} data-testid="case-actions">
        {c.actions.map((key) => (
          <Button key={key} type={primary(key) ? 'primary' : 'default'} danger={danger(key)} onClick={() => setOpen(key)} data-testid={`action-${key.replace(':', '-')}`}>
            {label(key)}
          </Button>
        ))}
      </Space>
      {open && <ActionModal key={`${open}:${c.version}`} c={c} action={open} title={label(open)} onClose={() => setOpen(null)} reload={reload} />}
    </>
  );
}

function ActionModal({ c, action, title, onClose, reload }: { c: CaseDetail; action: string; title: string; onClose: () => void; reload: () => void }) {
  const { t, bi, dyn, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const departments = useDepartments();
  const kind = c.kindDefinition;
  const names = useDivisionNames(c.pendingTransfer ? [c.pendingTransfer.toOrg] : []);
  const stateLabel = (code: string) => bi(kind.states.find((s) => s.code === code)?.label, code);
  const conclusionLabel = (code: string | undefined) => (code ? bi(kind.conclusions.find((x) => x.code === code)?.label, code) : '');
  const roleList = (roles: string[]) => roles.map((r) => dyn(`roles.${r}`, r)).join(lang === 'en' ? ', ' : '、');
  const [extraFiles, setExtraFiles] = useState<Uploaded[]>([]);
  const uploader = useAttachmentUpload(c.id, (a) => {
    // A file uploaded here is picked at once, and shows in the case's list after the reload.
    setExtraFiles((xs) => [...xs, a]);
    form.setFieldValue('attachmentIds', [...((form.getFieldValue('attachmentIds') as number[] | undefined) ?? []), a.id]);
    void form.validateFields(['evidence']).catch(() => undefined);
    reload();
  });
  const attachmentOptions = useMemo(() => {
    const all = new Map<number, Pick<CaseAttachment, 'id' | 'name'>>(c.attachments.map((a) => [a.id, a]));
    for (const a of extraFiles) if (!all.has(a.id)) all.set(a.id, a);
    return [...all.values()].map((a) => ({ value: a.id, label: a.name }));
  }, [c.attachments, extraFiles]);

  // Rebuilt on each render: cheap, and it follows the reloaded case and the language.
  const spec = ((): Spec => {
    const base = { action, version: c.version };
    const trimmed = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);
    if (action.startsWith('transition:')) {
      const tr = kind.transitions.find((x) => x.action === action.slice('transition:'.length)) as CaseTransition;
      const codes = tr.conclusions ?? kind.conclusions.map((x) => x.code);
      const to = stateLabel(tr.to);
      return {
        title,
        notice: tr.review ? (
          <Alert type="info" showIcon data-testid="review-notice" title={t('cases.actionForm.reviewNotice', { roles: roleList(kind.review.roles), days: kind.review.days, to })} />
        ) : (
          <Typography.Paragraph>{tr.requires.length === 0 ? `${t('cases.actionForm.confirmSimple', { action: title })} ${t('cases.actionForm.moveTo', { to })}` : t('cases.actionForm.moveTo', { to })}</Typography.Paragraph>
        ),
        conclusions: tr.requires.includes('conclusion') ? codes.map((code) => ({ value: code, label: conclusionLabel(code) })) : undefined,
        evidence: tr.requires.includes('evidence'),
        reason: tr.requires.includes('reason') ? { label: t('cases.actionForm.reason') } : undefined,
        okText: t('cases.actionForm.submit'),
        body: (v) => ({
          ...base,
          action: 'transition',
          transition: tr.action,
          ...(tr.requires.includes('conclusion') ? { conclusion: v.conclusion } : {}),
          ...(tr.requires.includes('evidence') ? { evidence: trimmed(v.evidence), attachmentIds: v.attachmentIds?.length ? v.attachmentIds : undefined } : {}),
          ...(tr.requires.includes('reason') ? { reason: trimmed(v.reason) } : {}),
        }),
        done: tr.review ? t('cases.actionForm.doneReview', { action: title }) : t('cases.actionForm.done', { action: title }),
      };
    }
    const done = t('cases.actionForm.done', { action: title });
    const pending = c.pendingReviewDetail;
    const reviewInfo = pending && (
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={t('cases.detail.pendingReviewText', { action: bi(kind.transitions.find((x) => x.action === pending.transition)?.label, pending.transition), to: stateLabel(pending.to), at: formatDateTime(pending.at) })}
        description={
          <>
            {pending.conclusion && (
              <div>
                {t('cases.payload.conclusion')}
                {t('cases.colon')}
                {conclusionLabel(pending.conclusion)}
              </div>
            )}
            {pending.evidence && (
              <div style={{ whiteSpace: 'pre-wrap' }}>
                {t('cases.payload.evidence')}
                {t('cases.colon')}
                {pending.evidence}
              </div>
            )}
            {pending.reason && (
              <div style={{ whiteSpace: 'pre-wrap' }}>
                {t('cases.payload.reason')}
                {t('cases.colon')}
                {pending.reason}
              </div>
            )}
          </>
        }
      />
    );
    const transferInfo = c.pendingTransfer && (
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('cases.actionForm.transferOf', { org: names(c.pendingTransfer.toOrg), reason: c.pendingTransfer.reason })} />
    );
    switch (action) {
      case 'review_approve':
        return { title, notice: reviewInfo, note: { label: t('cases.actionForm.note'), required: false, attachments: false }, okText: title, body: (v) => ({ ...base, note: trimmed(v.note) }), done };
      case 'review_return':
        return { title, notice: reviewInfo, reason: { label: t('cases.actionForm.returnReason') }, danger: true, okText: title, body: (v) => ({ ...base, reason: trimmed(v.reason) }), done };
      case 'transfer':
        return {
          title,
          notice: <Typography.Paragraph type="secondary">{t('cases.actionForm.transferNotice', { days: kind.transfer.days })}</Typography.Paragraph>,
          transfer: true,
          reason: { label: t('cases.actionForm.transferReason') },
          okText: title,
          body: (v) => ({ ...base, toOrg: v.toOrg, toDepartment: v.toDepartment || undefined, reason: trimmed(v.reason) }),
          done,
        };
      case 'transfer_accept':
        return {
          title,
          notice: (
            <>
              {transferInfo}
              <Typography.Paragraph>{t('cases.actionForm.acceptNotice')}</Typography.Paragraph>
            </>
          ),
          okText: title,
          body: () => base,
          done,
        };
      case 'transfer_refuse':
        return { title, notice: transferInfo, reason: { label: t('cases.actionForm.refuseReason') }, danger: true, okText: title, body: (v) => ({ ...base, reason: trimmed(v.reason) }), done };
      case 'supervise':
        return {
          title,
          notice: <Typography.Paragraph type="secondary">{t('cases.actionForm.superviseNotice', { pct: `${Math.round(kind.supervision.factor * 100)}%` })}</Typography.Paragraph>,
          reason: { label: t('cases.actionForm.superviseReason') },
          okText: title,
          body: (v) => ({ ...base, reason: trimmed(v.reason) }),
          done,
        };
      case 'reopen':
        return {
          title,
          notice: <Typography.Paragraph type="secondary">{t('cases.actionForm.reopenNotice', { days: kind.reopen?.withinDays ?? 0, to: stateLabel(kind.reopen?.to ?? '') })}</Typography.Paragraph>,
          reason: { label: t('cases.actionForm.reopenReason') },
          okText: title,
          body: (v) => ({ ...base, reason: trimmed(v.reason) }),
          done,
        };
      default:
        return {
          title,
          note: { label: t('cases.actionForm.commentNote'), required: true, attachments: true },
          okText: t('cases.actionForm.submit'),
          body: (v) => ({ ...base, note: trimmed(v.note), attachmentIds: v.attachmentIds?.length ? v.attachmentIds : undefined }),
          done,
        };
    }
  })();

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post<ActionResult>(`/api/cases/${c.id}/actions`, spec.body(v));
      void message.success(spec.done);
      onClose();
      reload();
    } catch (e) {
      // Field-level reasons go next to their fields; the message stays above the form.
      const known = new Set(['conclusion', 'evidence', 'attachmentIds', 'reason', 'note', 'toOrg', 'toDepartment']);
      const details = errorDetails(e);
      if (e instanceof ApiError && e.code === 'VALIDATION') {
        form.setFields(details.filter((d) => d.path && known.has(d.path)).map((d) => ({ name: d.path as keyof Values, errors: [lang === 'en' ? d.messageEn || d.message : d.message] })));
      }
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const unplaced = errorDetails(error).filter((d) => !d.path || !['conclusion', 'evidence', 'attachmentIds', 'reason', 'note', 'toOrg', 'toDepartment'].includes(d.path));
  // A refusal that is all about fields is shown at those fields only.
  const onlyFields = error instanceof ApiError && error.code === 'VALIDATION' && errorDetails(error).length > 0 && unplaced.length === 0;
  const attachmentPicker = (
    <Form.Item label={t('cases.actionForm.evidenceAttachments')} style={{ marginBottom: 12 }}>
      <Space orientation="vertical" style={{ width: '100%' }} size={8}>
        <Form.Item name="attachmentIds" noStyle>
          <Select
            mode="multiple"
            allowClear
            data-testid="action-attachments"
            placeholder={t('cases.actionForm.pickAttachments')}
            options={attachmentOptions}
            suffixIcon={<PaperClipOutlined />}
            onChange={() => void form.validateFields(['evidence']).catch(() => undefined)}
          />
        </Form.Item>
        <UploadButton
          upload={async (f) => {
            await uploader.upload(f);
          }}
          busy={uploader.busy}
          label={t('cases.actionForm.uploadHere')}
          testId="action-upload"
        />
      </Space>
    </Form.Item>
  );

  return (
    <Modal
      open
      title={spec.title}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={spec.okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: spec.danger, 'data-testid': 'action-submit' } as never}
      confirmLoading={busy}
      destroyOnHidden
      width={560}
    >
      <div data-testid="action-modal">
        {spec.notice}
        {uploader.error !== null && <CaseErrorAlert error={uploader.error} style={{ marginBottom: 12 }} onClose={uploader.clearError} />}
        {error !== null && !onlyFields && (
          <CaseErrorAlert
            error={error}
            details={unplaced}
            style={{ marginBottom: 12 }}
            onReload={
              isConflict(error)
                ? () => {
                    onClose();
                    reload();
                  }
                : undefined
            }
          />
        )}
        <Form form={form} layout="vertical" preserve={false} requiredMark>
          {spec.transfer && (
            <>
              <Form.Item name="toOrg" label={t('cases.actionForm.transferTarget')} rules={[{ required: true, message: t('cases.actionForm.transferTargetRequired') }]}>
                <TransferTargetPicker />
              </Form.Item>
              <Form.Item name="toDepartment" label={t('cases.actionForm.transferDepartment')} extra={t('cases.actionForm.transferDepartmentHint', { department: departments.name(c.departmentCode) })}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  data-testid="transfer-department"
                  options={departments.list.map((d) => ({ value: d.code, label: departments.name(d.code) }))}
                />
              </Form.Item>
            </>
          )}
          {spec.conclusions && (
            <Form.Item name="conclusion" label={t('cases.actionForm.conclusion')} rules={[{ required: true, message: t('cases.actionForm.conclusionRequired') }]}>
              <Select data-testid="action-conclusion" options={spec.conclusions} placeholder={t('cases.newCase.pickOption')} />
            </Form.Item>
          )}
          {spec.evidence && (
            <>
              <Form.Item
                name="evidence"
                label={t('cases.actionForm.evidence')}
                required
                dependencies={['attachmentIds']}
                rules={[
                  {
                    validator: async (_, v: string | undefined) => {
                      const files = (form.getFieldValue('attachmentIds') as number[] | undefined) ?? [];
                      if ((v ?? '').trim().length >= 2 || files.length > 0) return;
                      throw new Error(t('cases.actionForm.evidenceRequired'));
                    },
                  },
                ]}
              >
                <Input.TextArea data-testid="action-evidence" rows={3} maxLength={4000} showCount placeholder={t('cases.actionForm.evidencePlaceholder')} />
              </Form.Item>
              {attachmentPicker}
            </>
          )}
          {spec.reason && (
            <Form.Item
              name="reason"
              label={spec.reason.label}
              rules={[
                { required: true, whitespace: true, message: t('cases.actionForm.reasonRequired') },
                { min: 2, message: t('cases.actionForm.reasonRequired') },
              ]}
            >
              <Input.TextArea data-testid="action-reason" rows={3} maxLength={2000} showCount />
            </Form.Item>
          )}
          {spec.note && (
            <>
              <Form.Item name="note" label={spec.note.label} rules={spec.note.required ? [{ required: true, whitespace: true, message: t('cases.actionForm.commentRequired') }] : []}>
                <Input.TextArea data-testid="action-note" rows={3} maxLength={spec.note.required ? 4000 : 2000} showCount />
              </Form.Item>
              {spec.note.attachments && attachmentPicker}
            </>
          )}
        </Form>
      </div>
    </Modal>
  );
}
