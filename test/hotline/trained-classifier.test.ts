import { describe, expect, it } from 'vitest';
import { loadHotlineCategories } from '../../src/hotline/categories.ts';
import { HotlineClassifier } from '../../src/hotline/classifier.ts';
import { type ReportReader, TrainedClassifier } from '../../src/hotline/trained-classifier.ts';

const rules = new HotlineClassifier(loadHotlineCategories('knowledge/hotline-categories.yaml'));
/** A model reading every report with the same type and category, at the given certainty. */
const reading = (type: string, typeConfidence: number, category = '城乡建设', confidence = 0.9): ReportReader => ({
  report: () => ({ type, typeConfidence, category, subcategory: undefined, confidence }),
});

describe('the trained classifier: the models where they are sure, the keywords where they are not', () => {
  it('keeps a sure model type over the keywords', () => {
    expect(new TrainedClassifier(reading('求助', 0.9), rules).classify('村里的人偷偷倒建筑垃圾，我要举报').type).toBe('求助');
  });

  it('lets the keywords decide an unsure type when they saw a cue', () => {
    expect(new TrainedClassifier(reading('求助', 0.4), rules).classify('村里的人偷偷倒建筑垃圾，我要举报').type).toBe('举报');
  });

  it("keeps the unsure model's type when the keywords saw nothing (they could only say 投诉)", () => {
    const text = '我家门前那条水沟被树叶塞住了';
    expect(rules.typeCued(text)).toBeUndefined();
    expect(rules.classify(text).type).toBe('投诉');
    expect(new TrainedClassifier(reading('建议', 0.4), rules).classify(text).type).toBe('建议');
  });

  it('takes the keywords\' category when the model is unsure of its own', () => {
    expect(new TrainedClassifier(reading('投诉', 0.9, '交通运输', 0.3), rules).classify('村口那盏路灯坏了一个月了').category).toBe('城乡建设');
  });
});
