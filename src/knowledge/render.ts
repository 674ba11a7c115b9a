import type { Item, Material } from './schema.ts';
import type { Section } from './sections.ts';

const LEVEL_LABELS = { village: '村代办', town: '镇便民服务中心', county: '县级部门', online: '网上' } as const;

/** Said once in a full guide, after the short version: rules vary by person and place. */
export const WINDOW_CHECK = '具体以窗口审核为准。';

/** A contact the county has not confirmed yet is marked as an example. */
export function sample(item: Item, value: string): string {
  return item.sample_contacts ? `${value}（示例）` : value;
}

function amount(material: Material): string {
  if (material.copies === 0) return material.form;
  return material.form === '原件和复印件' ? `原件和复印件各${material.copies}份` : `${material.form}${material.copies}份`;
}

/** "户口迁移证（原件1份，迁出地公安机关签发；仅限：不能跨省通办的跨省迁移）". */
function materialLine(material: Material): string {
  const note = material.note ? `；${material.note}` : '';
  const onlyIf = material.only_if ? `；仅限：${material.only_if}` : '';
  return `${material.name}（${amount(material)}，${material.source}${note}${onlyIf}）`;
}

/**
 * "户口簿：不用带，工作人员系统查询；查不到的需带原件": an exempt material with its condition,
 * so that a resident whose record the office cannot find does not make a wasted trip.
 */
export function exemptLine(material: Material): string {
  const onlyIf = material.only_if ? `（${material.only_if}）` : '';
  const note = material.note ?? '';
  return `${material.name}${onlyIf}：${note.startsWith('不用') ? note : `不用带，${note}`}`;
}

/** The materials a resident brings, those needed in every case first. */
function needed(item: Item): Material[] {
  const bring = item.materials.filter((m) => !m.exempt);
  return [...bring.filter((m) => !m.only_if), ...bring.filter((m) => m.only_if)];
}

/** Who has to come, in a few words: the attendance field, never guessed from `proxy`. */
export function attendanceShort(item: Item): string {
  switch (item.attendance.who) {
    case '本人到场':
      return '需本人到场';
    case '可由家属代办':
      return '可由家属代办';
    case '代办员可代办':
      return '村代办员可帮办代办';
    case '待确认':
      return '能否由别人代办请先电话问清';
  }
}

/** Who has to come, as a sentence for the "代办" section and the full guide. */
export function attendanceLine(item: Item): string {
  const note = item.attendance.note ? `（${item.attendance.note}）` : '';
  switch (item.attendance.who) {
    case '本人到场':
      return `这项需要本人到场办理${note}，村代办员不能代办。`;
    case '可由家属代办':
      return `这项可以由家属代为办理${note}，村代办员不能代办。`;
    case '代办员可代办':
      return `这项可以由村代办员帮办代办${note}。行动不便的老人、残疾人等可以预约代办员上门。`;
    case '待确认':
      return `这项能否由家属或村代办员代办，指南里还没有写明${note}，请先打咨询电话${sample(item, item.phones.consult)}问清。`;
  }
}

/** The time limits as what they are: 承诺 (the office's promise), 法定 with its basis, 一般 (a usual duration no named rule sets). */
export function timeLine(item: Item): string {
  const { promised, legal, legal_basis: basis, usual } = item.time_limit;
  const parts = [`承诺时限：${promised}`];
  if (legal) parts.push(`法定时限：${legal}（依据${basis}）`);
  if (usual) parts.push(`一般：${usual}${/为准/.test(usual) ? '' : '（以县里公布为准）'}`);
  return parts.join('；');
}

function onlineLine(item: Item): string {
  if (!item.online.available) return '暂不能网上办理，需到现场。';
  const note = item.online.note ? `${item.online.note}` : '可网上办理';
  return item.online.url ? `${note}，网址：${sample(item, item.online.url)}` : note;
}

/**
 * The last line of every answer from an item the county has not confirmed yet (a draft): the bot
 * answers from it, and says once, shortly, that it is not confirmed and whom to ask.
 */
export function draftNotice(item: Item): string | undefined {
  if (item.status !== 'draft') return undefined;
  return `（这份指南县里还没有正式确认，办理前可先打${sample(item, item.phones.consult)}问一下。）`;
}

/** Where the guide comes from, and a review date only when there was a real review. */
export function sourceLine(item: Item): string {
  const review = item.reviewed ? `（${item.reviewed} ${item.reviewed_by}核对）` : '';
  return `依据：${item.source}${review}`;
}

/** The last line of a group answer: how to get the rest without flooding the group. */
export const GROUP_MORE_HINT = '回复"材料""条件""流程""电话"看详细，或私聊我看完整指南。';

function keyMaterials(item: Item): string {
  const all = needed(item);
  const always = all.filter((m) => !m.only_if);
  const key = always.slice(0, 3).map((m) => m.name).join('、');
  const more = all.length > 3 || (all.length > always.length && always.length > 0) ? `等${all.length}项` : '';
  if (key) return `${key}${more}`;
  // Nothing everyone brings: each material with the case it is for ("户口簿（首次申领或未满16周岁）").
  const cases = all.slice(0, 3).map((m) => `${m.name}（${m.only_if}）`).join('、');
  return all.length === 0 ? '无需提交材料' : `${cases}${all.length > 3 ? `等${all.length}项` : ''}`;
}

/** The short answer for a group chat: what it is, who comes, where, the key materials; about six lines. */
export function renderConcise(item: Item): string {
  return [
    `【${item.name}】${item.summary}`,
    `办理：${attendanceShort(item)}；${sample(item, item.place)}`,
    `主要材料：${keyMaterials(item)}`,
    `时限：${item.time_limit.promised}（${item.case_kind}）`,
    GROUP_MORE_HINT,
  ].join('\n');
}

/** One section of the guide, for a follow-up question such as "要带什么". */
export function renderSection(item: Item, section: Section): string {
  const head = `【${item.name}】`;
  switch (section) {
    case 'materials': {
      const bring = needed(item);
      const exempt = item.materials.filter((m) => m.exempt);
      const lines = [`${head}需要带的材料：`, ...bring.map((m, i) => `${i + 1}. ${materialLine(m)}`)];
      if (bring.length === 0) lines.push('不用带材料。');
      if (exempt.length) lines.push('不用带的：', ...exempt.map((m) => `· ${exemptLine(m)}`));
      if (item.tolerance.allowed) lines.push(item.tolerance.note ? `可容缺受理：${item.tolerance.note}` : '可容缺受理。');
      return lines.join('\n');
    }
    case 'conditions':
      return [`${head}办理条件：`, ...item.conditions.map((c, i) => `${i + 1}. ${c}`)].join('\n');
    case 'steps':
      return [`${head}办理流程：`, ...item.steps.map((s, i) => `${i + 1}. ${s}`)].join('\n');
    case 'time':
      return `${head}${timeLine(item)}（${item.case_kind}）。`;
    case 'place':
      return `${head}办理地点：${sample(item, item.place)}\n办公时间：${item.hours}\n${attendanceLine(item)}`;
    case 'phone':
      return `${head}咨询电话：${sample(item, item.phones.consult)}；投诉电话：${item.phones.complaint}`;
    case 'fees':
      return `${head}费用：${item.fees}`;
    case 'online':
      return `${head}${onlineLine(item)}`;
    case 'proxy':
      return `${head}${attendanceLine(item)}`;
  }
}

/** The last line of a private overview: the details a tap or a word away. */
export const PRIVATE_MORE_HINT = '回复"材料""条件""流程""电话"看详细，回复"全部"看完整指南。';

/**
 * The first answer about an item in a private chat: the 60-second version (what it is, who comes,
 * what to bring, where, how long, whom to call), the details a tap away. The complete guide runs to some fifty
 * lines, which nobody reads on a phone to answer "低保怎么申请"; "全部" still shows it.
 */
export function renderOverview(item: Item): string {
  const exempt = item.materials.filter((m) => m.exempt).map((m) => m.name);
  return [
    `【${item.name}】${item.summary}`,
    `· 谁来办：${attendanceLine(item)}`,
    `· 要带：${keyMaterials(item)}${exempt.length ? `（${exempt.join('、')}一般不用带）` : ''}`,
    `· 去哪办：${sample(item, item.place)}；${item.hours}`,
    `· ${timeLine(item)}（${item.case_kind}）`,
    `· 咨询电话：${sample(item, item.phones.consult)}；投诉：${item.phones.complaint}`,
    WINDOW_CHECK,
    PRIVATE_MORE_HINT,
  ].join('\n');
}

/**
 * The complete guide, for a private chat: the 60-second version first (who comes, what to bring,
 * where), "具体以窗口审核为准" once, then the details.
 */
export function renderFull(item: Item): string {
  const levels = item.handled_at.map((level) => LEVEL_LABELS[level]).join('、');
  const exempt = item.materials.filter((m) => m.exempt).map((m) => m.name);
  const lines = [
    `【${item.name}】（${item.department}）`,
    item.summary,
    `· 谁来办：${attendanceLine(item)}`,
    `· 要带：${keyMaterials(item)}${exempt.length ? `（${exempt.join('、')}一般不用带）` : ''}`,
    `· 去哪办：${sample(item, item.place)}；${item.hours}`,
    WINDOW_CHECK,
    '',
    renderSection(item, 'conditions'),
    '',
    renderSection(item, 'materials'),
    '',
    renderSection(item, 'steps'),
    '',
    `办理层级：${levels}`,
    `${timeLine(item)}（${item.case_kind}）`,
    `费用：${item.fees}`,
    `网上办：${onlineLine(item)}`,
    `咨询电话：${sample(item, item.phones.consult)}；投诉：${item.phones.complaint}`,
  ];
  if (item.faq.length) {
    lines.push('', '常见问题：', ...item.faq.map((f) => `问：${f.q}\n答：${f.a}`));
  }
  lines.push('', sourceLine(item));
  return lines.join('\n');
}
