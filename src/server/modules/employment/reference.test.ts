// The occupation catalogue and the district adjacency, as the rest of the module sees them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataPath } from '../../paths.js';
import { areNeighbours, isMiddleGroup, neighbours, occupation, occupations } from './reference.js';

describe('occupation catalogue (职业分类大典 2022)', () => {
  const all = occupations();
  const majors = all.filter((o) => o.level === 'major');
  const middles = all.filter((o) => o.level === 'middle');

  it('has the 8 major groups in order, each with middle groups', () => {
    expect(majors.map((o) => o.code)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    for (const major of majors) expect(middles.some((m) => m.majorCode === major.code)).toBe(true);
  });

  it('has the 79 middle groups of the 2022 edition, each under its own major group', () => {
    expect(middles).toHaveLength(79);
    for (const middle of middles) {
      expect(middle.code).toMatch(/^\d-\d{2}$/);
      expect(middle.code.startsWith(`${middle.majorCode}-`)).toBe(true);
    }
  });

  it('lists every major group before its middle groups, with unique codes', () => {
    expect(new Set(all.map((o) => o.code)).size).toBe(all.length);
    all.forEach((o, i) => {
      if (o.level === 'middle') expect(all.slice(0, i).some((m) => m.code === o.majorCode)).toBe(true);
    });
  });

  it('names known groups in Chinese and English', () => {
    expect(occupation('4-04')).toMatchObject({ zh: '信息传输、软件和信息技术服务人员', level: 'middle', majorCode: '4' });
    expect(occupation('6-29')?.zh).toBe('建筑施工人员');
    expect(occupation('6-30')?.zh).toBe('运输设备和通用工程机械操作人员及有关人员');
    expect(occupation('2-02')?.zh).toBe('工程技术人员');
    expect(occupation('2')).toMatchObject({ zh: '专业技术人员', level: 'major', majorCode: '2' });
    for (const o of all) expect(o.en).toMatch(/^[A-Z][\x20-\x7e]+$/);
  });

  it('accepts only middle groups on postings', () => {
    expect(isMiddleGroup('4-04')).toBe(true);
    expect(isMiddleGroup('8-00')).toBe(true);
    expect(isMiddleGroup('4')).toBe(false);
    expect(isMiddleGroup('4-04-01')).toBe(false);
    expect(isMiddleGroup('9-99')).toBe(false);
    expect(occupation('nope')).toBeUndefined();
  });
});

describe('district adjacency', () => {
  const districts = (JSON.parse(readFileSync(dataPath('divisions', 'chongqing.json'), 'utf8')) as { districts: [string, string][] })
    .districts.map(([code]) => code);

  it('covers the 38 districts, each with a neighbour, none its own, symmetrically', () => {
    expect(districts).toHaveLength(38);
    for (const a of districts) {
      expect(neighbours(a).length).toBeGreaterThan(0);
      expect(neighbours(a)).not.toContain(a);
      for (const b of neighbours(a)) {
        expect(districts).toContain(b);
        expect(areNeighbours(b, a)).toBe(true);
      }
    }
  });

  it('knows the pairs that touch and those that do not', () => {
    expect(areNeighbours('500103', '500105')).toBe(true); // 渝中–江北, across the Jialing
    expect(areNeighbours('500229', '500154')).toBe(true); // 城口–开州
    expect([...neighbours('500229')].sort()).toEqual(['500154', '500238']); // 城口: 开州, 巫溪
    expect([...neighbours('500103')].sort()).toEqual(['500105', '500106', '500107', '500108']);
    expect([...neighbours('500101')].sort()).toEqual(['500154', '500155', '500233', '500235', '500240']); // 万州
    expect(areNeighbours('500229', '500103')).toBe(false); // 城口–渝中
    expect(areNeighbours('500103', '500104')).toBe(false); // 渝中–大渡口
  });

  it('answers [] for a code it does not know', () => {
    expect(neighbours('110101')).toEqual([]);
    expect(areNeighbours('110101', '500103')).toBe(false);
  });
});
