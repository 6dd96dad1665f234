// Choosing published postings, by title or by number: for an event's postings and for a referral
// in an assistance plan.
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import type { Paged } from '../../shared/types';
import { useFormat } from './common';
import type { JobDetail } from './types';

type Option = { value: number; label: string };

function useJobSearch(term: string) {
  const fmt = useFormat();
  const [options, setOptions] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    let live = true;
    const q = term.trim();
    setLoading(true);
    const timer = setTimeout(() => {
      const label = (j: JobDetail) => `#${j.id} ${j.title} · ${j.enterpriseName} · ${fmt.wage(j.wageMinYuan, j.wageMaxYuan)}`;
      // A number is a posting's id; anything else searches titles.
      const byId = /^#?\d+$/.test(q)
        ? api
            .get<{ job: JobDetail }>(`/api/employment/jobs/${q.replace('#', '')}`)
            .then((r) => (r.job.status === 'published' ? [r.job] : []))
            .catch(() => [] as JobDetail[])
        : Promise.resolve([] as JobDetail[]);
      const byTitle = api.get<Paged<JobDetail>>('/api/employment/jobs', { status: 'published', q: /^#?\d+$/.test(q) ? undefined : q || undefined, pageSize: 30 }).then((r) => r.items);
      Promise.all([byId, byTitle])
        .then(([a, b]) => {
          if (!live) return;
          const seen = new Set<number>();
          setOptions([...a, ...b].filter((j) => !seen.has(j.id) && seen.add(j.id)).map((j) => ({ value: j.id, label: label(j) })));
        })
        .catch(() => live && setOptions([]))
        .finally(() => live && setLoading(false));
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [term, fmt]);
  return { options, loading };
}

/** Several published postings (an event's). */
export function JobsPicker({ id, value, onChange, testId = 'jobs-picker' }: { id?: string; value?: number[]; onChange?: (ids: number[]) => void; testId?: string }) {
  const { t } = useI18n();
  const [term, setTerm] = useState('');
  const { options, loading } = useJobSearch(term);
  // Chosen postings keep their labels when a new search replaces the options.
  const [known, setKnown] = useState<Map<number, string>>(new Map());
  useEffect(() => {
    setKnown((prev) => {
      const next = new Map(prev);
      for (const o of options) next.set(o.value, o.label);
      return next;
    });
  }, [options]);
  const shown = [...options, ...(value ?? []).filter((id) => !options.some((o) => o.value === id)).map((id) => ({ value: id, label: known.get(id) ?? `#${id}` }))];
  return (
    <Select<number[]>
      id={id}
      mode="multiple"
      data-testid={testId}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={shown}
      loading={loading}
      showSearch={{ filterOption: false, onSearch: setTerm }}
      placeholder={t('employment.jobPicker.placeholder')}
      maxCount={500}
      allowClear
    />
  );
}

/** One published posting (a referral's). */
export function JobPicker({ id, value, onChange, testId = 'job-picker' }: { id?: string; value?: number; onChange?: (id: number | undefined) => void; testId?: string }) {
  const { t } = useI18n();
  const [term, setTerm] = useState('');
  const { options, loading } = useJobSearch(term);
  return (
    <Select<number>
      id={id}
      data-testid={testId}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      loading={loading}
      showSearch={{ filterOption: false, onSearch: setTerm }}
      placeholder={t('employment.jobPicker.placeholder')}
      allowClear
    />
  );
}
