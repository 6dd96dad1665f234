// Data exchange routes: the feed catalogue, uploading a feed file (raw body), and the batch history
// with each batch's error report. A department officer imports and sees only their department's feeds.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app.js';
import { hasPermission, type Principal } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, forbidden, notFound, unauthenticated } from '../../platform/errors.js';
import { Paging, paged } from '../../platform/paging.js';
import { msg } from '../../platform/validation.js';
import { countErrors, findBatch, firstErrors, listBatches } from './exchange.queries.js';
import { FEEDS, feedNames, findFeed, type Feed } from './feeds.js';
import { importFile } from './import-file.js';

const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;
const ERRORS_IN_RESPONSE = 50;

const FeedName = z.string().refine((n) => findFeed(n) !== undefined, { message: msg(`没有这个数据项;可用:${feedNames().join(', ')}`, `no such feed; the feeds are: ${feedNames().join(', ')}`) });
const ImportQuery = z.object({
  feed: FeedName,
  mode: z.enum(['reject', 'quarantine']).default('reject'),
  fileName: z.string().trim().min(1).max(200).default('upload'),
});
const BatchListQuery = Paging.extend({ feed: z.string().max(60).optional(), status: z.enum(['loaded', 'rejected', 'partially_loaded']).optional() });
const IdParam = z.object({ id: z.coerce.number().int().positive() });

const mayImport = (p: Principal, feed: Feed) => p.role === 'city_admin' || (p.role === 'department_officer' && p.departmentCode === feed.department);

/** The CSV header line of a feed, in column order. */
export const exampleHeader = (feed: Feed) => Object.keys(feed.columns).join(',');

export async function exchangeRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;

  // Uploads arrive as raw bytes whatever their declared type (browsers call a .csv file
  // application/vnd.ms-excel on Windows); the importer sniffs the format and the encoding itself.
  // These parsers apply only inside this plugin.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_req, body, done) => done(null, body));

  r.get('/api/feeds', { schema: { tags: ['exchange'], summary: '数据项目录 / Feed catalogue' }, config: { access: 'import.read' } }, async (req) => {
    const p = req.principal!;
    const departments = new Map((await db.selectFrom('department').select(['code', 'short_zh', 'name_en']).execute()).map((d) => [d.code, d]));
    return FEEDS.map((f) => ({
      name: f.name,
      department: f.department,
      departmentName: departments.get(f.department)?.short_zh ?? f.department,
      departmentNameEn: departments.get(f.department)?.name_en ?? f.department,
      labelZh: f.label.zh,
      labelEn: f.label.en,
      descriptionZh: f.description.zh,
      descriptionEn: f.description.en,
      key: f.key,
      exampleHeader: exampleHeader(f),
      canImport: hasPermission(p, 'import.write') && mayImport(p, f),
      columns: Object.entries(f.columns).map(([name, c]) => ({
        name,
        labelZh: c.labelZh,
        required: c.required,
        type: c.type.kind,
        format: c.type.format.zh,
        formatEn: c.type.format.en,
        description: c.description.zh,
        descriptionEn: c.description.en,
      })),
    }));
  });

  r.post(
    '/api/imports',
    {
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: { tags: ['exchange'], summary: '导入数据文件 / Import a feed file (raw CSV or JSON body)', querystring: ImportQuery },
      config: { access: 'import.write' },
      // Refuse before reading up to 256 MB of body; the full check (CSRF too) still runs in preHandler.
      preParsing: async (req) => {
        if (!req.principal) throw unauthenticated();
        if (!hasPermission(req.principal, 'import.write')) throw forbidden();
      },
    },
    async (req, reply) => {
      const p = req.principal!;
      const feed = findFeed(req.query.feed)!;
      if (!mayImport(p, feed)) {
        const owner = await db.selectFrom('department').select(['short_zh', 'name_en']).where('code', '=', feed.department).executeTakeFirst();
        throw new AppError('FORBIDDEN', {
          zh: `“${feed.label.zh}”由${owner?.short_zh ?? feed.department}报送,您所在部门无权导入`,
          en: `The "${feed.label.en}" feed belongs to ${owner?.name_en ?? feed.department}; your department may not import it`,
        });
      }
      const body = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw new AppError('VALIDATION', { zh: '请求体为空,请上传文件内容', en: 'The request has no body; send the file content' });
      }
      const result = await importFile(ctx.dbh, {
        feed: feed.name,
        fileName: req.query.fileName,
        content: body,
        mode: req.query.mode,
        userId: p.userId,
        clock,
        audit: (tx, batch) => writeAudit(tx, clock, p, req.id, { action: 'import.create', entityType: 'import_batch', entityId: batch.id }),
      });
      const errors = result.errors.slice(0, ERRORS_IN_RESPONSE);
      const b = result.batch;
      if (b.status === 'rejected') {
        const first = result.errors[0];
        const why =
          b.rowsRejected > 0
            ? { zh: `导入被拒绝:${b.rowsTotal} 行中有 ${b.rowsRejected} 行有错误,整批未写入`, en: `Import rejected: ${b.rowsRejected} of ${b.rowsTotal} rows have errors; nothing was written` }
            : { zh: `导入被拒绝:${first?.message ?? '文件无法读取'}`, en: `Import rejected: ${first?.messageEn ?? 'the file cannot be read'}` };
        throw new AppError('IMPORT_REJECTED', why, { batchId: b.id, batch: b, errors });
      }
      void reply.status(201);
      return { batch: b, errors };
    },
  );

  r.get('/api/imports', { schema: { tags: ['exchange'], summary: '导入批次 / Import batches', querystring: BatchListQuery }, config: { access: 'import.read' } }, async (req) => {
    const s = listBatches(db, req.principal!, req.query);
    return paged(req.query, s.count, s.page);
  });

  r.get(
    '/api/imports/:id',
    { schema: { tags: ['exchange'], summary: '批次与错误报告 / Batch and its error report', params: IdParam, querystring: Paging }, config: { access: 'import.read' } },
    async (req) => {
      const batch = await findBatch(db, req.principal!, req.params.id);
      if (!batch) throw notFound({ zh: '未找到该导入批次,或不属于您的部门', en: 'No such import batch, or not your department\'s' });
      const errors = await paged(req.query, countErrors(db, batch.id).then((n) => ({ n })), (limit, offset) => firstErrors(db, batch.id, limit, offset));
      return { batch, errors };
    },
  );
}
