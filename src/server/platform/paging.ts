// Paged lists: ?page=1&pageSize=20 → { items, total, page, pageSize }.
import { z } from 'zod';

export const Paging = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type PagingQuery = z.infer<typeof Paging>;

export async function paged<T>(q: PagingQuery, count: Promise<{ n: number | string | bigint }>, fetch: (limit: number, offset: number) => Promise<T[]>) {
  const [c, items] = await Promise.all([count, fetch(q.pageSize, (q.page - 1) * q.pageSize)]);
  return { items, total: Number(c.n), page: q.page, pageSize: q.pageSize };
}
