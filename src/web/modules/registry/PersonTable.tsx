// A page of persons (masked), shared by the search page and the village view of the browser.
import { Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { useI18n } from '../../shared/i18n';
import { PagedTable } from '../../shared/PagedTable';
import type { Paged, PersonListItem } from '../../shared/types';

export function PersonTable({
  data,
  loading,
  onPage,
  testId,
}: {
  data: Paged<PersonListItem> | undefined;
  loading: boolean;
  onPage: (page: number, pageSize: number) => void;
  testId?: string;
}) {
  const { t } = useI18n();
  const columns: ColumnsType<PersonListItem> = [
    {
      title: t('person.name'),
      dataIndex: 'name',
      fixed: 'left',
      render: (name: string, p) => (
        <Link to={`/persons/${p.id}`} data-testid="person-link">
          {name}
        </Link>
      ),
    },
    { title: t('person.sex'), dataIndex: 'sex', width: 70, render: (s: PersonListItem['sex']) => t(`person.sexes.${s}`) },
    { title: t('person.age'), dataIndex: 'age', width: 70, className: 'hm-num' },
    { title: t('person.birthDate'), dataIndex: 'birthDate', width: 120, className: 'hm-num', responsive: ['md'] },
    {
      title: t('person.idNumber'),
      dataIndex: 'idNumber',
      render: (v: string) => <Typography.Text className="hm-mono">{v}</Typography.Text>,
    },
    {
      title: t('person.location'),
      key: 'place',
      responsive: ['sm'],
      render: (_: unknown, p) => [p.districtName, p.townshipName, p.villageName].filter(Boolean).join(' / '),
    },
  ];
  return <PagedTable<PersonListItem> {...(testId ? { testId } : {})} columns={columns} data={data} loading={loading} onPage={onPage} />;
}
