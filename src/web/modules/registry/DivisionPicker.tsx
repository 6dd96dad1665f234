// Choose a district, township or village, loading each level from the server on demand and
// limited, like everything else, to the user's scope.
import { Cascader } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../shared/api';
import type { DivisionView } from '../../shared/types';

type Option = { value: string; label: string; isLeaf: boolean; children?: Option[]; loading?: boolean };

const CITY = '500000';
const levelOf = (code: string) => (code === CITY ? 1 : code.length === 6 ? 2 : code.length === 9 ? 3 : 4);
const pathOf = (code: string) => [code.slice(0, 6), code.slice(0, 9), code].filter((c, i, a) => c.length <= code.length && a.indexOf(c) === i);

async function childrenOf(code: string, maxLevel: number): Promise<Option[]> {
  const v = await api.get<DivisionView>(`/api/divisions/${code}`);
  return v.children.map((c) => ({ value: c.code, label: c.name, isLeaf: c.level >= maxLevel }));
}

function attach(options: Option[], code: string, children: Option[]): Option[] {
  return options.map((o) =>
    o.value === code ? { ...o, children, loading: false } : o.children && code.startsWith(o.value) ? { ...o, children: attach(o.children, code, children) } : o,
  );
}

export function DivisionPicker({
  value,
  onChange,
  maxLevel = 4,
  placeholder,
  style,
}: {
  value: string | undefined;
  onChange: (code: string | undefined) => void;
  maxLevel?: 2 | 3 | 4;
  placeholder?: string;
  style?: React.CSSProperties;
}) {
  const [options, setOptions] = useState<Option[]>([]);
  const [initialised, setInitialised] = useState(false);

  // The top level, plus the levels on the way to an initial value so its names show.
  useEffect(() => {
    let live = true;
    (async () => {
      let opts = await childrenOf(CITY, maxLevel);
      if (value) {
        for (const code of pathOf(value).slice(0, -1)) {
          if (levelOf(code) >= maxLevel) break;
          opts = attach(opts, code, await childrenOf(code, maxLevel));
        }
      }
      if (live) setOptions(opts);
    })()
      .catch(() => undefined)
      .finally(() => live && setInitialised(true));
    return () => {
      live = false;
    };
    // Only the first value needs its path loaded; later choices load through the cascader.
  }, [maxLevel]);

  const loadData = (selected: Option[]) => {
    const target = selected[selected.length - 1];
    if (!target || target.children) return;
    childrenOf(target.value, maxLevel)
      .then((children) => setOptions((o) => attach(o, target.value, children)))
      .catch(() => setOptions((o) => attach(o, target.value, [])));
  };

  return (
    <Cascader<Option>
      data-testid="division-picker"
      style={style}
      options={options}
      loadData={loadData}
      changeOnSelect
      showSearch={false}
      value={value && initialised ? pathOf(value) : []}
      placeholder={placeholder}
      onChange={(path) => onChange(path && path.length ? String(path[path.length - 1]) : undefined)}
      allowClear
    />
  );
}
