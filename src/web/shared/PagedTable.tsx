// A server-paged table: one page of { items, total, page, pageSize } with the usual pager.
import { Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useI18n } from './i18n';
import type { Paged } from './types';

export function PagedTable<T extends { id: number | string }>({
  data,
  columns,
  loading,
  page = 1,
  pageSize = 20,
  onPage,
  testId,
}: {
  data: Paged<T> | undefined;
  columns: ColumnsType<T>;
  loading: boolean;
  /** The page asked for, shown until the answer arrives. */
  page?: number;
  pageSize?: number;
  onPage: (page: number, pageSize: number) => void;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <div data-testid={testId}>
      <Table<T>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: data?.page ?? page,
          pageSize: data?.pageSize ?? pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: onPage,
        }}
      />
    </div>
  );
}
