/**
 * npm run knowledge:report -- [--dir knowledge] [--today YYYY-MM-DD] [--interval-days 365]
 *
 * Lists the items that are drafts (not confirmed by the county department), never reviewed or past
 * the review interval, the parts of `source` that name no document, and the content checks' problems
 * (the same checks the test suite runs). Exits 1 when a content check fails, so it can gate a release.
 */
import { loadKnowledge } from '../src/knowledge/loader.ts';
import { formatReviewReport, REVIEW_INTERVAL_DAYS, reviewReport } from '../src/knowledge/review-report.ts';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

const dir = option('dir') ?? 'knowledge';
const today = option('today') ?? new Date().toISOString().slice(0, 10);
const interval = Number(option('interval-days') ?? REVIEW_INTERVAL_DAYS);
const base = await loadKnowledge(dir);
const report = reviewReport(base.items, today, interval);
console.log(formatReviewReport(report, base.items.length, interval));
if (report.problems.length > 0) process.exitCode = 1;
