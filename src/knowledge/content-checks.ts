import { attendanceLine, draftNotice, exemptLine, renderConcise, renderFull, renderOverview, renderSection } from './render.ts';
import { PLACEHOLDER_REVIEW_DATES, type Item } from './schema.ts';
import { SECTION_LABELS, type Section } from './sections.ts';

/**
 * Content checks over the whole knowledge base, beyond what the schema can see in one file: what a
 * resident would be told wrongly. Each returns the problems it finds; the test suite fails on any
 * (test/knowledge/content-checks.test.ts), and `npm run knowledge:report` prints them.
 */
export interface ContentProblem {
  check: CheckName;
  item: string;
  problem: string;
}

/** The names of the checks, as the report and the tests show them. */
export type CheckName =
  | 'legal-basis'
  | 'review-date'
  | 'canonical-material'
  | 'exempt-condition'
  | 'attendance'
  | 'links'
  | 'sample-contacts';

/** A rule, a law or a notice: 《…》 or a document number such as 民发〔2021〕57号. */
const NAMES_A_DOCUMENT = /《[^》]+》|〔\d{4}〕\d+号/;

/** 户口簿 on its own (not "居民身份证或户口簿", an identity document of either kind). */
const HOUSEHOLD_REGISTER = /户口簿|户口本/;
const EITHER_OR = /或|和|、/;
/** Where a payout goes: a bank card, a social-security card's account. */
const PAYOUT = /账户|银行卡|账号|社保卡或|社会保障卡或|一卡通/;

const SECTIONS = Object.keys(SECTION_LABELS) as Section[];

/** Every text the bot can send from an item, as the renderer writes it. */
export function everythingShown(item: Item): string[] {
  const notice = draftNotice(item);
  return [renderFull(item), renderOverview(item), renderConcise(item), ...SECTIONS.map((s) => renderSection(item, s)), ...(notice ? [notice] : [])];
}

/** A 法定 time limit names the document it comes from; otherwise it is 承诺 or 一般. */
export function checkLegalBasis(items: readonly Item[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  for (const item of items) {
    const { legal, legal_basis: basis } = item.time_limit;
    if (legal === undefined) continue;
    if (!basis) problems.push({ check: 'legal-basis', item: item.id, problem: `法定 "${legal}" has no legal_basis` });
    else if (!NAMES_A_DOCUMENT.test(basis))
      problems.push({ check: 'legal-basis', item: item.id, problem: `legal_basis "${basis}" names no document (《…》 or a 〔year〕number)` });
  }
  return problems;
}

/**
 * No placeholder date is shown as a review: `reviewed` is a real past date with its reviewer, and
 * an item without one shows no date at all.
 */
export function checkReviewDates(items: readonly Item[], today: string): ContentProblem[] {
  const problems: ContentProblem[] = [];
  for (const item of items) {
    const add = (problem: string) => problems.push({ check: 'review-date', item: item.id, problem });
    if (item.reviewed !== undefined) {
      if (PLACEHOLDER_REVIEW_DATES.includes(item.reviewed)) add(`reviewed ${item.reviewed} is a placeholder date`);
      if (item.reviewed > today) add(`reviewed ${item.reviewed} is in the future`);
      if (!item.reviewed_by) add('reviewed has no reviewed_by');
    }
    const shown = renderFull(item);
    for (const date of PLACEHOLDER_REVIEW_DATES) if (shown.includes(date)) add(`the full guide shows the placeholder date ${date}`);
    if (item.reviewed === undefined && /\d{4}-\d{2}-\d{2}核对|\d{4}-\d{2}-\d{2}[^）]*核对）/.test(shown)) add('the full guide shows a review date although the item was never reviewed');
    if (item.status === 'draft' && !draftNotice(item)) add('a draft item ends without the line that the county has not confirmed it');
  }
  return problems;
}

/**
 * One description per common material: a 户口簿, a plain 居民身份证 and a payout account come from
 * `materials.yaml` by `ref`, never typed again, so no two items describe them differently.
 */
export function checkCanonicalMaterials(items: readonly Item[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  for (const item of items) {
    for (const material of item.materials) {
      if (material.ref) continue;
      const add = (what: string) =>
        problems.push({ check: 'canonical-material', item: item.id, problem: `"${material.name}" is typed out; use ref: ${what} from materials.yaml` });
      if (HOUSEHOLD_REGISTER.test(material.name) && !EITHER_OR.test(material.name)) add('hukou-bu, hukou-bu-bring or hukou-bu-not-needed');
      else if (material.name === '居民身份证') add('id-card');
      else if (PAYOUT.test(material.name) && !material.exempt && !/身份证|旧社会保障卡/.test(material.name)) add('payout-account');
    }
  }
  return problems;
}

/**
 * An exempt material carries its condition to the resident: it has a note, and the materials
 * section, the full guide and the visit checklist source (`exemptLine`) show it in full.
 */
export function checkExemptConditions(items: readonly Item[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  for (const item of items) {
    const shown = renderSection(item, 'materials');
    for (const material of item.materials.filter((m) => m.exempt)) {
      if (!material.note) {
        problems.push({ check: 'exempt-condition', item: item.id, problem: `exempt "${material.name}" says neither how the office gets it nor when to bring it` });
        continue;
      }
      if (!shown.includes(exemptLine(material)) || !shown.includes(material.note))
        problems.push({ check: 'exempt-condition', item: item.id, problem: `the materials answer drops the condition of exempt "${material.name}": ${material.note}` });
    }
  }
  return problems;
}

/**
 * Who must attend is its own field and is what the resident is told: a proxy item says the agent
 * may do it, and "本人" is never said where relatives or the agent may come instead.
 */
export function checkAttendance(items: readonly Item[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  for (const item of items) {
    const add = (problem: string) => problems.push({ check: 'attendance', item: item.id, problem });
    const who = (item as Partial<Item>).attendance?.who;
    if (!who) {
      add(item.proxy ? 'a proxy item without the attendance field' : 'no attendance field');
      continue;
    }
    if (item.proxy && who !== '代办员可代办') add(`proxy is true but attendance says ${who}`);
    if (!item.proxy && who === '代办员可代办') add('attendance says 代办员可代办 but proxy is false');
    const said = `${renderSection(item, 'proxy')}\n${renderSection(item, 'place')}`;
    if (who !== '本人到场' && /这项需要本人到|需要本人到.{0,20}办理/.test(said)) add(`says 本人 must attend although attendance is ${who}`);
    if (!said.includes(attendanceLine(item))) add('the 代办 answer does not say who must attend');
  }
  return problems;
}

/** Every related and bundle id exists and is not the item itself; every bundled item links back to its 一件事. */
export function checkLinks(items: readonly Item[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const byId = new Map(items.map((item) => [item.id, item]));
  for (const item of items) {
    const add = (problem: string) => problems.push({ check: 'links', item: item.id, problem });
    for (const field of ['related', 'bundle'] as const) {
      for (const id of item[field]) {
        if (id === item.id) add(`${field} links to itself`);
        else if (!byId.has(id)) add(`${field} names unknown item "${id}"`);
      }
    }
    for (const id of item.bundle) {
      const member = byId.get(id);
      if (member && !member.related.includes(item.id)) add(`bundles "${id}", which does not link back in its related`);
    }
  }
  return problems;
}

/**
 * A sample phone, address or link is never shown without its "（示例）" mark: the phone and the
 * link wherever they appear, the place wherever it is given as where to go (a step that names the
 * window in passing is not an address).
 */
export function checkSampleContacts(items: readonly Item[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  for (const item of items.filter((i) => i.sample_contacts)) {
    const everywhere = [item.phones.consult, ...(item.online.url ? [item.online.url] : [])];
    const lines = everythingShown(item).flatMap((text) => text.split('\n'));
    const placeLines = lines.filter((line) => /地点：|去哪办：|^办理：/.test(line));
    const checks: [string[], string[]][] = [[everywhere, lines], [[item.place], placeLines]];
    for (const [values, texts] of checks) for (const text of texts) {
      for (const value of values) {
        let at = text.indexOf(value);
        while (at !== -1) {
          if (!text.startsWith('（示例）', at + value.length)) {
            problems.push({ check: 'sample-contacts', item: item.id, problem: `"${value}" is shown without （示例）: …${text.slice(Math.max(0, at - 10), at + value.length + 6)}…` });
            break;
          }
          at = text.indexOf(value, at + value.length);
        }
      }
    }
  }
  return problems;
}

/** All checks, in the order the report prints them. */
export function checkContent(items: readonly Item[], today: string): ContentProblem[] {
  return [
    ...checkLegalBasis(items),
    ...checkReviewDates(items, today),
    ...checkCanonicalMaterials(items),
    ...checkExemptConditions(items),
    ...checkAttendance(items),
    ...checkLinks(items),
    ...checkSampleContacts(items),
  ];
}
