import type { Item, Material } from './schema.ts';
import type { Section } from './sections.ts';

const LEVEL_LABELS = { village: '村代办', town: '镇便民服务中心', county: '县级部门', online: '网上' } as const;

function sample(item: Item, value: string): string {
  return item.sample_contacts ? `${value}（示例）` : value;
}

function materialLine(material: Material): string {
  const copies = material.copies > 0 ? `${material.copies}份` : '';
  const note = material.note ? `；${material.note}` : '';
  return `${material.name}（${material.form}${copies}，${material.source}${note}）`;
}

function where(item: Item): string {
  const proxy = item.proxy ? '村代办员可帮办代办；' : '';
  return `${proxy}${item.place}`;
}

function onlineLine(item: Item): string {
  if (!item.online.available) return '暂不能网上办理，需到现场。';
  const note = item.online.note ? `${item.online.note}` : '可网上办理';
  return item.online.url ? `${note}，网址：${sample(item, item.online.url)}` : note;
}

/** The last line of a group answer: how to get the rest without flooding the group. */
export const GROUP_MORE_HINT = '回复"材料""条件""流程""电话"看详细，或私聊我看完整指南。';

/** The short answer for a group chat: what it is, where, the key materials; about six lines. */
export function renderConcise(item: Item): string {
  const needed = item.materials.filter((m) => !m.exempt);
  const key = needed.slice(0, 3).map((m) => m.name).join('、');
  const more = needed.length > 3 ? `等${needed.length}项` : '';
  return [
    `【${item.name}】${item.summary}`,
    `办理：${where(item)}`,
    `主要材料：${key || '无需提交材料'}${more}`,
    `时限：${item.time_limit.promised}（${item.case_kind}）`,
    GROUP_MORE_HINT,
  ].join('\n');
}

/** One section of the guide, for a follow-up question such as "要带什么". */
export function renderSection(item: Item, section: Section): string {
  const head = `【${item.name}】`;
  switch (section) {
    case 'materials': {
      const needed = item.materials.filter((m) => !m.exempt);
      const exempt = item.materials.filter((m) => m.exempt);
      const lines = [`${head}需要带的材料：`, ...needed.map((m, i) => `${i + 1}. ${materialLine(m)}`)];
      if (exempt.length) lines.push(`不用带（部门自己能查到）：${exempt.map((m) => m.name).join('、')}`);
      if (item.tolerance.allowed) lines.push(item.tolerance.note ? `可容缺受理：${item.tolerance.note}` : '可容缺受理。');
      return lines.join('\n');
    }
    case 'conditions':
      return [`${head}办理条件：`, ...item.conditions.map((c, i) => `${i + 1}. ${c}`)].join('\n');
    case 'steps':
      return [`${head}办理流程：`, ...item.steps.map((s, i) => `${i + 1}. ${s}`)].join('\n');
    case 'time':
      return `${head}承诺时限：${item.time_limit.promised}；法定时限：${item.time_limit.legal}（${item.case_kind}）。`;
    case 'place':
      return `${head}办理地点：${sample(item, item.place)}\n办公时间：${item.hours}${item.proxy ? '\n行动不便的，可请村代办员帮办代办。' : ''}`;
    case 'phone':
      return `${head}咨询电话：${sample(item, item.phones.consult)}；投诉电话：${item.phones.complaint}`;
    case 'fees':
      return `${head}费用：${item.fees}`;
    case 'online':
      return `${head}${onlineLine(item)}`;
    case 'proxy':
      return item.proxy
        ? `${head}可以由村代办员帮办代办。行动不便的老人、残疾人等可以预约代办员上门。`
        : `${head}这项需要本人到${item.place}办理，村代办员不能代办。`;
  }
}

/** The complete guide, for a private chat. */
export function renderFull(item: Item): string {
  const levels = item.handled_at.map((level) => LEVEL_LABELS[level]).join('、');
  const lines = [
    `【${item.name}】（${item.department}）`,
    item.summary,
    '',
    renderSection(item, 'conditions'),
    '',
    renderSection(item, 'materials'),
    '',
    renderSection(item, 'steps'),
    '',
    `办理层级：${levels}${item.proxy ? '（可帮办代办）' : ''}`,
    `办理地点：${sample(item, item.place)}；${item.hours}`,
    `时限：承诺${item.time_limit.promised}，法定${item.time_limit.legal}（${item.case_kind}）`,
    `费用：${item.fees}`,
    `网上办：${onlineLine(item)}`,
    `咨询电话：${sample(item, item.phones.consult)}；投诉：${item.phones.complaint}`,
  ];
  if (item.faq.length) {
    lines.push('', '常见问题：', ...item.faq.map((f) => `问：${f.q}\n答：${f.a}`));
  }
  lines.push('', `依据：${item.source}（${item.reviewed}核对）`);
  return lines.join('\n');
}
