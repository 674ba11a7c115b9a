import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkAttendance,
  checkCanonicalMaterials,
  checkContent,
  checkExemptConditions,
  checkLegalBasis,
  checkLinks,
  checkReviewDates,
  checkSampleContacts,
} from '../../src/knowledge/content-checks.ts';
import { loadKnowledge, type KnowledgeBase } from '../../src/knowledge/loader.ts';
import { renderFull, renderSection } from '../../src/knowledge/render.ts';
import type { Item, Material } from '../../src/knowledge/schema.ts';

const TODAY = '2026-12-02';
let base: KnowledgeBase;
let dibao: Item;

beforeAll(async () => {
  base = await loadKnowledge('knowledge');
  dibao = base.items.find((i) => i.id === 'dibao')!;
});

/** A small broken item: a copy of a real one with one thing wrong. */
function broken(changes: Partial<Item>, from: Item = dibao): Item {
  return { ...from, ...changes };
}

function material(changes: Partial<Material>): Material {
  return { name: '某材料', form: '原件', copies: 1, source: '申请人自备', exempt: false, ...changes };
}

describe('the content checks on the shipped knowledge base', () => {
  it('pass: every check finds nothing in knowledge/', () => {
    expect(checkContent(base.items, TODAY)).toEqual([]);
  });
});

describe('a 法定 time limit without its named basis', () => {
  it('fails when legal has no legal_basis', () => {
    const item = broken({ time_limit: { promised: '10个工作日', legal: '20个工作日' } });
    expect(checkLegalBasis([item])).toEqual([expect.objectContaining({ check: 'legal-basis', item: 'dibao' })]);
  });

  it('fails when the basis names no document', () => {
    const item = broken({ time_limit: { promised: '10个工作日', legal: '20个工作日', legal_basis: '县里有关规定' } });
    expect(checkLegalBasis([item])[0]?.problem).toMatch(/names no document/);
  });

  it('passes a limit that names its rule, and never shows 一般 as 法定', () => {
    expect(checkLegalBasis([dibao])).toEqual([]);
    expect(renderSection(dibao, 'time')).toContain('法定时限：自受理之日起30个工作日内办结');
    expect(renderSection(dibao, 'time')).toContain('依据《最低生活保障审核确认办法》（民发〔2021〕57号）');
    const gaoling = base.items.find((i) => i.id === 'gaoling-jintie')!;
    expect(renderSection(gaoling, 'time')).toContain('一般：15个工作日');
    expect(renderSection(gaoling, 'time')).not.toContain('法定');
  });
});

describe('a placeholder review date shown', () => {
  it('fails on the placeholder date 2026-11-01, which the full guide would show as a review', () => {
    const item = broken({ reviewed: '2026-11-01', reviewed_by: '某科室' });
    const problems = checkReviewDates([item], TODAY).map((p) => p.problem);
    expect(problems).toContain('reviewed 2026-11-01 is a placeholder date');
    expect(problems).toContain('the full guide shows the placeholder date 2026-11-01');
  });

  it('fails on a review date without its reviewer, or in the future', () => {
    expect(checkReviewDates([broken({ reviewed: '2026-12-01', reviewed_by: undefined })], TODAY)[0]?.problem).toMatch(/no reviewed_by/);
    expect(checkReviewDates([broken({ reviewed: '2027-01-05' })], TODAY)[0]?.problem).toMatch(/in the future/);
  });

  it('passes: a never-reviewed item shows no date, a reviewed one shows its date and reviewer', () => {
    const never = base.items.find((i) => i.reviewed === undefined)!;
    expect(renderFull(never)).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(renderFull(dibao)).toContain('（2026-12-02 知识库内容审核核对）');
    expect(checkReviewDates([never, dibao], TODAY)).toEqual([]);
  });
});

describe('one description per common material', () => {
  it('fails on a 户口簿 typed out instead of referenced (the review found 原件1份 in ten items and 电子版 in nine)', () => {
    const item = broken({ materials: [material({ name: '户口簿', form: '电子版', copies: 0, source: '公安部门数据共享', exempt: true, note: '系统查询' })] });
    expect(checkCanonicalMaterials([item])).toEqual([expect.objectContaining({ check: 'canonical-material' })]);
  });

  it('fails on a payout account or a plain 居民身份证 typed out', () => {
    const item = broken({ materials: [material({ name: '银行卡或社会保障卡账号', form: '复印件' }), material({ name: '居民身份证' })] });
    expect(checkCanonicalMaterials([item])).toHaveLength(2);
  });

  it('passes: every 户口簿 of the shipped items is the same canonical entry, said the same way', () => {
    const registers = base.items.flatMap((i) => i.materials).filter((m) => m.name === '户口簿');
    expect(registers.length).toBeGreaterThan(15);
    for (const m of registers) expect(m.ref).toMatch(/^hukou-bu/);
    const exempt = registers.filter((m) => m.ref === 'hukou-bu');
    expect(new Set(exempt.map((m) => `${m.form}${m.copies}${m.source}`)).size).toBe(1);
    const payouts = base.items.flatMap((i) => i.materials).filter((m) => m.ref === 'payout-account');
    expect(new Set(payouts.map((m) => `${m.name}${m.form}${m.copies}`)).size).toBe(1);
  });
});

describe('an exempt material without its condition', () => {
  it('fails on an exempt material with no note', () => {
    const item = broken({ materials: [material({ name: '结婚证', exempt: true })] });
    expect(checkExemptConditions([item])[0]?.problem).toMatch(/says neither how the office gets it nor when to bring it/);
  });

  it('passes: the condition reaches the resident with the material', () => {
    expect(renderSection(dibao, 'materials')).toContain('户口簿：不用带，工作人员系统查询；查不到的需带原件');
    const chusheng = base.items.find((i) => i.id === 'chusheng-dengji')!;
    expect(renderSection(chusheng, 'materials')).toMatch(/父母结婚证：不用带，.*查不到的需提供/);
    expect(checkExemptConditions(base.items)).toEqual([]);
  });
});

describe('who must attend', () => {
  it('fails on a proxy item without the attendance field', () => {
    const { attendance: _dropped, ...rest } = dibao;
    expect(checkAttendance([rest as Item])).toEqual([{ check: 'attendance', item: 'dibao', problem: 'a proxy item without the attendance field' }]);
  });

  it('fails when attendance contradicts proxy', () => {
    expect(checkAttendance([broken({ attendance: { who: '本人到场' } })])[0]?.problem).toMatch(/proxy is true but attendance says 本人到场/);
  });

  it('passes: relatives who may declare a death are told so, never that 本人 must come', () => {
    const death = base.items.find((i) => i.id === 'siwang-hukou-zhuxiao')!;
    expect(renderSection(death, 'proxy')).toContain('这项可以由家属代为办理');
    expect(renderSection(death, 'proxy')).not.toContain('本人到');
    expect(checkAttendance(base.items)).toEqual([]);
  });
});

describe('links between items', () => {
  it('fails on a bundled item that does not link back, an unknown id and a self-link', () => {
    const bundle = base.items.find((i) => i.bundle.length > 0)!;
    const member = base.items.find((i) => i.id === bundle.bundle[0])!;
    const orphan = { ...member, related: member.related.filter((id) => id !== bundle.id) };
    const rest = base.items.filter((i) => i.id !== member.id);
    expect(checkLinks([...rest, orphan]).map((p) => p.problem)).toContain(`bundles "${member.id}", which does not link back in its related`);
    const problems = checkLinks([broken({ related: ['no-such-item', 'dibao'] })]).map((p) => p.problem);
    expect(problems).toEqual(['related names unknown item "no-such-item"', 'related links to itself']);
  });
});

describe('sample contacts', () => {
  it('fails on a sample phone typed into an answer without （示例）', () => {
    const item = broken({ faq: [{ q: '打哪个电话？', a: `打${dibao.phones.consult}问` }] });
    expect(checkSampleContacts([item])[0]?.problem).toMatch(/is shown without （示例）/);
  });

  it('passes: the place, phone and link of the shipped items carry the mark wherever they are given', () => {
    expect(checkSampleContacts(base.items)).toEqual([]);
  });
});
