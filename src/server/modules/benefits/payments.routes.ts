// Payment batches: prepare, approve (a second officer), bank file, reconciliation, and reading them.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app.js';
import { AppError } from '../../platform/errors.js';
import { Paging } from '../../platform/paging.js';
import { msg } from '../../platform/validation.js';
import { outboxChannelNames } from './notifications.js';
import { approveBatch, batchLines, batchNotFound, createBatch, exportBankFile, findBatch, listBatches } from './payment-batches.js';
import { reconcileBatch } from './reconcile-batch.js';

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const tags = ['payments'];
/** A result file of 100,000 lines is about 3 MB. */
const MAX_RESULT_FILE_BYTES = 32 * 1024 * 1024;

const CreateBody = z.object({
  policyId: z.string().min(1).max(64),
  districtCode: z.string().regex(/^\d{6}$/, msg('区县代码为6位数字', 'A district code has 6 digits')).optional(),
  maxLines: z.number().int().min(1).max(100_000).default(100_000),
});
const ListQuery = Paging.extend({ policyId: z.string().max(64).optional(), status: z.enum(['draft', 'approved', 'exported', 'reconciled']).optional() });
const LinesQuery = Paging.extend({ status: z.enum(['pending', 'paid', 'failed']).optional() });
const ResultQuery = z.object({ fileName: z.string().trim().min(1).max(200).optional() });

export async function paymentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock, config } = ctx;

  // The bank's result file arrives as CSV text (this parser applies inside this plugin only).
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: MAX_RESULT_FILE_BYTES }, (_req, body, done) => done(null, body));

  r.post('/api/payment-batches', { schema: { tags, summary: '生成发放批次 / Prepare a payment batch', body: CreateBody }, config: { access: 'payment.prepare' } }, async (req, reply) => {
    const result = await createBatch(db, clock, req.principal!, req.id, req.body);
    void reply.status(201);
    return result;
  });

  r.get('/api/payment-batches', { schema: { tags, summary: '发放批次 / Payment batches', querystring: ListQuery }, config: { access: 'payment.read' } }, async (req) =>
    listBatches(db, req.principal!, req.query),
  );

  r.get('/api/payment-batches/:id', { schema: { tags, summary: '批次与明细 / A batch and its lines', params: IdParam, querystring: LinesQuery }, config: { access: 'payment.read' } }, async (req) => {
    const p = req.principal!;
    const batch = await findBatch(db, p, req.params.id);
    if (!batch) throw batchNotFound();
    const events = await db
      .selectFrom('payment_event as ev')
      .leftJoin('app_user as u', 'u.id', 'ev.actor_id')
      .select(['ev.id', 'ev.action', 'ev.at', 'ev.detail', 'u.display_name as actor'])
      .where('ev.batch_id', '=', batch.id)
      .where('ev.line_id', 'is', null)
      .orderBy('ev.id')
      .execute();
    const files = await db
      .selectFrom('reconciliation_file')
      .select(['id', 'file_name', 'file_sha256', 'lines_paid', 'lines_failed', 'lines_unchanged', 'imported_at'])
      .where('batch_id', '=', batch.id)
      .orderBy('id')
      .execute();
    return {
      batch,
      lines: await batchLines(db, p, batch.id, req.query),
      events: events.map((e) => ({ id: e.id, action: e.action, at: e.at, actor: e.actor, detail: typeof e.detail === 'string' ? JSON.parse(e.detail) : e.detail })),
      reconciliationFiles: files.map((f) => ({ id: f.id, fileName: f.file_name, sha256: f.file_sha256, paid: f.lines_paid, failed: f.lines_failed, unchanged: f.lines_unchanged, importedAt: f.imported_at })),
    };
  });

  r.post('/api/payment-batches/:id/approve', { schema: { tags, summary: '审批(双人复核)/ Approve (four eyes)', params: IdParam }, config: { access: 'payment.approve' } }, async (req) => ({
    batch: await approveBatch(db, clock, req.principal!, req.id, req.params.id),
  }));

  r.get('/api/payment-batches/:id/bank-file', { schema: { tags, summary: '导出银行文件(留痕)/ Bank file (audited)', params: IdParam }, config: { access: 'payment.prepare' } }, async (req, reply) => {
    const file = await exportBankFile(db, clock, req.principal!, req.id, req.params.id);
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('x-file-sha256', file.sha256)
      .header('cache-control', 'no-store');
    return file.content;
  });

  r.post(
    '/api/payment-batches/:id/reconciliation',
    {
      bodyLimit: MAX_RESULT_FILE_BYTES,
      schema: { tags, summary: '导入银行回盘文件对账 / Reconcile with the bank result file (CSV body)', params: IdParam, querystring: ResultQuery },
      config: { access: 'payment.prepare' },
    },
    async (req) => {
      const body = req.body;
      if (typeof body !== 'string' || body.trim() === '') {
        throw new AppError('VALIDATION', { zh: '请以 text/csv 上传银行回盘文件内容', en: 'Send the bank result file as a text/csv body' });
      }
      return reconcileBatch(db, clock, req.principal!, req.id, req.params.id, { fileName: req.query.fileName ?? `result-HM${req.params.id}.csv`, content: body }, { channels: outboxChannelNames(config) });
    },
  );
}
