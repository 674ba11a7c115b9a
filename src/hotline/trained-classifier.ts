import type { ReportReading } from '../nlu/understanding-model.ts';
import { APPEAL_TYPES, type AppealType } from './categories.ts';
import type { AppealClassifier, HotlineClassification, HotlineClassifier } from './classifier.ts';

/**
 * Where the trained models (learned from villagers' reports) are not sure, the hand-written
 * keywords (which know the hotline's own vocabulary: 城管局, 公积金, 传销…) decide when they
 * matched anything. The models read a city's formal letters worse than villagers' reports.
 * `npm run cv:reports` measures the bars (47 training writers, 2026-12-04): on villagers' reports
 * (cross-validated by writer) type / category are 0.832 / 0.811 from 0.5, 0.817 / 0.801 from 0.7,
 * 0.803 / 0.783 from 0.8; on the city letters' dev split (../shared/eval) category / type are
 * 0.836 / 0.683 from 0.5, 0.860 / 0.772 from 0.7, 0.866 / 0.793 from 0.8. 0.7 gives up 1–2 points
 * on villagers' reports to keep 2–9 on the letters. Below the type's bar the keywords decide only
 * where they saw a cue: with none they can only say "投诉", and the model's guess is better on
 * both (0.809 → 0.817 on villagers' reports, 0.772 → 0.772 on the letters).
 */
export interface ReportBars {
  /** The category's probability from which the model's category stands over the keywords'. */
  category: number;
  /** The type's probability from which the model's type stands over the keywords'. */
  type: number;
  /** Whether, below the type's bar, the keywords decide only where they saw a cue (else the model's type stands). */
  typeOnlyCued: boolean;
}
export const REPORT_BARS: ReportBars = { category: 0.7, type: 0.7, typeOnlyCued: true };

/** What reads a report's type and categories: the trained understanding model. */
export interface ReportReader {
  report(text: string): ReportReading;
}

/**
 * Classifies a report with the trained understanding models (type, level 1, level 2), learned
 * from the corpus's reports as residents tell them; where the model is unsure of the category,
 * the offline keyword classifier's category stands when it found one. The level-2 name is the
 * model's within the chosen category, else the keywords', else "其他".
 */
export class TrainedClassifier implements AppealClassifier {
  constructor(
    private readonly model: ReportReader,
    private readonly rules: HotlineClassifier,
    private readonly bars: ReportBars = REPORT_BARS,
  ) {}

  classify(text: string): HotlineClassification {
    const read = this.model.report(text);
    const rules = this.rules.classify(text);
    const useRules = read.confidence < this.bars.category && rules.confidence > 0;
    const category = useRules ? rules.category : read.category;
    const subcategory = (!useRules && read.subcategory) || (rules.category === category ? rules.subcategory : '其他');
    const modelType = APPEAL_TYPES.includes(read.type as AppealType) ? (read.type as AppealType) : undefined;
    const rulesType = this.bars.typeOnlyCued ? this.rules.typeCued(text) : rules.type;
    const type = (modelType && (read.typeConfidence >= this.bars.type || !rulesType) ? modelType : rulesType) ?? rules.type;
    return { type, category, subcategory, confidence: useRules ? rules.confidence : read.confidence };
  }
}
