import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeService } from '../../src/knowledge/knowledge-service.ts';
import { Tokenizer } from '../../src/nlu/tokenizer.ts';

function rows(file: string): string[][] {
  return readFileSync(file, 'utf8').trim().split('\n').slice(1).map((line) => line.split('\t'));
}

/**
 * Held-out questions written for the project (test/fixtures), not the shared development set:
 * a regression guard on retrieval quality. `npm run eval -- test/fixtures/*.tsv` prints the misses.
 */
describe('retrieval on the project question set', () => {
  let knowledge: KnowledgeService;
  beforeAll(async () => {
    knowledge = await KnowledgeService.open('knowledge', new Tokenizer());
  });

  it('puts the right item first for at least 93% of colloquial questions and in the top three for 98%', () => {
    const byName = new Map(knowledge.current.base.items.map((item) => [item.name, item.id]));
    const questions = rows('test/fixtures/guide_questions.tsv');
    let first = 0;
    let three = 0;
    for (const [question, expected] of questions) {
      const id = byName.get(expected!);
      expect(id, `unknown item ${expected}`).toBeDefined();
      const hits = knowledge.current.retriever.retrieve(question!, 3).hits.map((hit) => hit.item.id);
      if (hits[0] === id) first++;
      if (hits.includes(id!)) three++;
    }
    expect(first / questions.length).toBeGreaterThanOrEqual(0.93);
    expect(three / questions.length).toBeGreaterThanOrEqual(0.98);
  });

  it('is sure of no item for at least 85% of chit-chat', () => {
    const texts = rows('test/fixtures/oos_questions.tsv').map(([text]) => text!);
    const clean = texts.filter((text) => knowledge.current.retriever.retrieve(text).confidence !== 'sure').length;
    expect(clean / texts.length).toBeGreaterThanOrEqual(0.85);
  });
});
