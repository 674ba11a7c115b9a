import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/loader.ts';
import { formatReviewReport, reviewReport, vagueSourceParts } from '../../src/knowledge/review-report.ts';

describe('the knowledge review report', () => {
  it('lists the drafts, the never-reviewed items and the vague sources of the shipped base, with no content problem', async () => {
    const base = await loadKnowledge('knowledge');
    const report = reviewReport(base.items, '2026-12-02');
    expect(report.drafts).toContain('dibao');
    expect(report.neverReviewed).not.toContain('dibao');
    expect(report.neverReviewed).toContain('zhuxue-daikuan');
    expect(report.vagueSources.map((v) => v.item)).toContain('gaoling-jintie');
    expect(report.problems).toEqual([]);
    expect(report.corrections).toContainEqual(expect.objectContaining({ review: 'knowledge-audit-2026-12', finding: 1, item: 'jumin-yibao-canbao' }));
    const text = formatReviewReport(report, base.items.length);
    expect(text).toMatch(/drafts \(not confirmed by the county department; the bot says so\): \d+/);
  });

  it('lists an item whose review is older than the interval', async () => {
    const base = await loadKnowledge('knowledge');
    const report = reviewReport(base.items, '2028-01-01', 365);
    expect(report.overdue).toContainEqual({ item: 'dibao', reviewed: '2026-12-02' });
  });

  it('calls a source vague when it names no document or says it is still to be confirmed', async () => {
    const base = await loadKnowledge('knowledge');
    const item = { ...base.items[0]!, source: '《社会救助暂行办法》；县里有关规定；某某办法（文号待县民政局确认）' };
    expect(vagueSourceParts(item)).toEqual(['县里有关规定', '某某办法（文号待县民政局确认）']);
  });
});
