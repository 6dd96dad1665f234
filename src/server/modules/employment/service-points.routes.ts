// Routes of the service points (零工市场、就业驿站、劳务经纪人、就业帮扶车间; M6, M7): register,
// import, close, list, and the coverage of villages by labour brokers. All within the reader's area.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app.js';
import { shanghaiDate } from '../../platform/clock.js';
import { Paging } from '../../platform/paging.js';
import { msg } from '../../platform/validation.js';
import { closeServicePoint, CloseServicePoint, createServicePoint, IMPORT_MAX_ROWS, importServicePoints, listServicePoints, SERVICE_POINT_KINDS, servicePointCoverage, ServicePointInput } from './service-points.js';

const tags = ['employment'];
const IdParam = z.object({ id: z.coerce.number().int().positive() });
const District = z.string().regex(/^\d{6}$/, msg('区县代码为6位数字', 'a district code is 6 digits'));

const ListQuery = Paging.extend({
  kind: z.enum(SERVICE_POINT_KINDS).optional(),
  district: District.optional(),
  township: z.string().regex(/^\d{9}$/, msg('乡镇(街道)代码为9位数字', 'a township code is 9 digits')).optional(),
  status: z.enum(['open', 'closed']).optional(),
});
const CoverageQuery = Paging.extend({ district: District.optional() });
const ImportBody = z.object({
  // Rows are checked one by one in the service, so that every bad row is reported with its line.
  rows: z.array(z.unknown()).min(1, msg('没有要导入的行', 'no rows to import')).max(IMPORT_MAX_ROWS, msg(`一次最多导入${IMPORT_MAX_ROWS}行`, `at most ${IMPORT_MAX_ROWS} rows at a time`)),
});

export function servicePointRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const today = () => shanghaiDate(clock.now());

  r.get('/api/employment/service-points', { schema: { tags, summary: '服务点列表 / Service points', querystring: ListQuery }, config: { access: 'employment.read' } }, async (req) => {
    const { page, pageSize, ...f } = req.query;
    return listServicePoints(db, req.principal!, f, { page, pageSize });
  });

  r.get('/api/employment/service-points/coverage', { schema: { tags, summary: '劳务经纪人覆盖情况 / Villages covered by labour brokers', querystring: CoverageQuery }, config: { access: 'employment.read' } }, async (req) =>
    servicePointCoverage(db, req.principal!, req.query),
  );

  r.post('/api/employment/service-points', { schema: { tags, summary: '登记服务点 / Register a service point', body: ServicePointInput }, config: { access: 'employment.handle' } }, async (req, reply) => {
    const p = req.principal!;
    const id = await createServicePoint(db, p, req.body, today());
    void reply.status(201);
    return (await listServicePoints(db, p, { id }, { page: 1, pageSize: 1 })).items[0];
  });

  r.post('/api/employment/service-points/import', { schema: { tags, summary: '批量导入服务点 / Import service points', body: ImportBody }, config: { access: 'employment.handle' } }, async (req, reply) => {
    const result = await importServicePoints(db, req.principal!, req.body.rows, today());
    void reply.status(201);
    return result;
  });

  r.post('/api/employment/service-points/:id/close', { schema: { tags, summary: '关闭服务点 / Close a service point', params: IdParam, body: CloseServicePoint }, config: { access: 'employment.handle' } }, async (req) => {
    const p = req.principal!;
    await closeServicePoint(db, p, req.params.id, req.body.closedOn, today());
    return (await listServicePoints(db, p, { id: req.params.id }, { page: 1, pageSize: 1 })).items[0];
  });
}
