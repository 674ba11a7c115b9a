import { checkContent, type ContentProblem } from './content-checks.ts';
import type { Item } from './schema.ts';

/** How long a review holds before the item is due again. */
export const REVIEW_INTERVAL_DAYS = 365;

/** One part of an item's `source` that names no document a resident or a clerk could look up. */
export interface VagueSource {
  item: string;
  part: string;
}

/** What `npm run knowledge:report` prints: the state of the review of every item. */
export interface ReviewReport {
  drafts: string[];
  neverReviewed: string[];
  overdue: { item: string; reviewed: string }[];
  vagueSources: VagueSource[];
  /** What each finding of each content review changed, by review and finding number: the closing note. */
  corrections: { review: string; finding: number; item: string; change: string }[];
  problems: ContentProblem[];
}

const NAMES_A_DOCUMENT = /《[^》]+》|〔\d{4}〕\d+号/;
const VAGUE = /有关规定|相关规定|待.{0,8}确认/;

/** Parts of `source` (split at ；) that are not document names, or say the document is still to be confirmed. */
export function vagueSourceParts(item: Item): string[] {
  return item.source
    .split(/[；;]/)
    .map((part) => part.trim())
    .filter((part) => part !== '' && (!NAMES_A_DOCUMENT.test(part) || VAGUE.test(part)));
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The review state of the knowledge base on `today` (YYYY-MM-DD). */
export function reviewReport(items: readonly Item[], today: string, intervalDays = REVIEW_INTERVAL_DAYS): ReviewReport {
  return {
    drafts: items.filter((i) => i.status === 'draft').map((i) => i.id),
    neverReviewed: items.filter((i) => i.reviewed === undefined).map((i) => i.id),
    overdue: items
      .filter((i) => i.reviewed !== undefined && daysBetween(i.reviewed, today) > intervalDays)
      .map((i) => ({ item: i.id, reviewed: i.reviewed! })),
    vagueSources: items.flatMap((i) => vagueSourceParts(i).map((part) => ({ item: i.id, part }))),
    corrections: items
      .flatMap((i) => i.corrections.map((c) => ({ review: c.review, finding: c.finding, item: i.id, change: c.change })))
      .sort((a, b) => a.review.localeCompare(b.review) || a.finding - b.finding || a.item.localeCompare(b.item)),
    problems: checkContent(items, today),
  };
}

/** The report as plain text, one finding a line. */
export function formatReviewReport(report: ReviewReport, total: number, intervalDays = REVIEW_INTERVAL_DAYS): string {
  const list = (ids: string[]) => (ids.length ? ids.map((id) => `  ${id}`).join('\n') : '  (none)');
  return [
    `# knowledge review report: ${total} items`,
    '',
    `drafts (not confirmed by the county department; the bot says so): ${report.drafts.length}`,
    list(report.drafts),
    '',
    `never reviewed (no reviewed date): ${report.neverReviewed.length}`,
    list(report.neverReviewed),
    '',
    `past the review interval of ${intervalDays} days: ${report.overdue.length}`,
    list(report.overdue.map((o) => `${o.item} (reviewed ${o.reviewed})`)),
    '',
    `source missing or vague (no document name or number, or still to be confirmed): ${report.vagueSources.length}`,
    list(report.vagueSources.map((v) => `${v.item}: ${v.part}`)),
    '',
    `corrections by review finding: ${report.corrections.length}`,
    list(report.corrections.map((c) => `${c.review} #${c.finding} ${c.item}: ${c.change}`)),
    '',
    `content check problems: ${report.problems.length}`,
    list(report.problems.map((p) => `[${p.check}] ${p.item}: ${p.problem}`)),
  ].join('\n');
}
