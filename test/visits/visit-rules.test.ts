import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { departmentMatches, eligibility, parseVisitRules, type VisitRules } from '../../src/visits/visit-rules.ts';
import { handlesItem } from '../../src/visits/roster.ts';
import type { KnowledgeBase } from '../../src/knowledge/loader.ts';
import { loadFixtures } from './visit-test-db.ts';

let rules: VisitRules;
let base: KnowledgeBase;

beforeAll(async () => {
  ({ rules, base } = await loadFixtures());
});

describe('visit rules', () => {
  it('lets the old, the disabled, the seriously ill, those alone and martyr families have a visit', () => {
    expect(eligibility(rules, ['年迈'], 82)).toEqual({ eligible: true, why: '82岁，可以请代办员上门代办。' });
    expect(eligibility(rules, [], 75).eligible).toBe(true);
    for (const reason of ['残疾', '重症', '孤寡', '烈属'] as const) expect(eligibility(rules, [reason], 45).eligible).toBe(true);
    expect(eligibility(rules, ['残疾'], undefined).eligible).toBe(true);
  });

  it('says why when someone does not qualify', () => {
    expect(eligibility(rules, ['年迈'], 65)).toEqual({ eligible: false, why: '按本镇的安排，只因年纪大而上门的，是70岁以上的老人；65岁还不在内。' });
    expect(eligibility(rules, ['年迈'], undefined)).toMatchObject({ eligible: false, why: expect.stringContaining('多大年纪') });
    expect(eligibility(rules, [], undefined)).toMatchObject({ eligible: false, why: expect.stringContaining('70岁以上') });
  });

  it('matches department keywords to the departments the items name', () => {
    expect(departmentMatches(rules, ['民政'], '磐安县民政局')).toBe(true);
    expect(departmentMatches(rules, ['人社'], '磐安县人力资源和社会保障局')).toBe(true);
    expect(departmentMatches(rules, ['残联'], '磐安县残疾人联合会')).toBe(true);
    expect(departmentMatches(rules, ['民政'], '磐安县公安局（玉山派出所）')).toBe(false);
  });

  it('gives every proxy item of the knowledge base to the demo agents, and no item without proxy', () => {
    const agent = { departments: base.agents[0]!.departments, active: true };
    for (const item of base.items) expect(handlesItem(agent, item, rules), item.id).toBe(item.proxy);
  });

  it('stops on a bad rule with the field named', () => {
    expect(() => parseVisitRules({ ...rules, eligibility: { min_age: 'seventy' } })).toThrow(AppError);
    expect(() => parseVisitRules({ ...rules, reminder: { day_before_at: '25:00' } })).toThrow(/reminder\.day_before_at/);
  });
});
