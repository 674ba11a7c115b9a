import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, type MessageContent, SystemMessage } from '@langchain/core/messages';
import type { Logger } from 'pino';
import { APPEAL_TYPES, type AppealType, type HotlineCategories } from './categories.ts';
import type { AppealClassifier, HotlineClassification } from './classifier.ts';

/** What the model is asked for: one kind of request, one level-1 and one level-2 name. */
const TYPE_MEANINGS: Record<AppealType, string> = {
  咨询: '问政策、问进度、问怎么办',
  求助: '自己遇到困难，请政府帮一把',
  投诉: '某个单位或个人做错了、损害了自己，要求处理',
  举报: '揭发违法违纪行为',
  建议: '提出改进意见，如增设、调整、出台政策',
};

/** The system prompt: the kinds, the category tree and the answer's exact shape. */
function instructions(categories: HotlineCategories): string {
  const kinds = APPEAL_TYPES.map((type) => `- ${type}：${TYPE_MEANINGS[type]}`).join('\n');
  const tree = categories.categories.map((c) => `- ${c.name}：${c.subcategories.map((s) => s.name).join('、')}`).join('\n');
  return [
    '你是12345政务服务便民热线的分拣员。读群众的来信，判断诉求类型和所属类别。',
    `诉求类型（选一个）：\n${kinds}`,
    `类别（一级：二级，各选一个，照抄名称）：\n${tree}`,
    '只回答一行JSON，不要别的字：{"type":"…","category":"一级名称","subcategory":"二级名称"}',
  ].join('\n\n');
}

/** The text of a chat model's answer, whether it came as a string or as content parts. */
function textOf(content: MessageContent): string {
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' && 'text' in part ? String(part.text) : '')).join('');
}

/**
 * Reads the model's answer: the first JSON object in it, with a type and names that exist in the
 * category file. Undefined when the answer is anything else.
 */
export function readModelAnswer(answer: string, categories: HotlineCategories): Omit<HotlineClassification, 'confidence'> | undefined {
  const json = /\{[^{}]*\}/.exec(answer)?.[0];
  if (!json) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { type, category, subcategory } = raw as Record<string, unknown>;
  if (!APPEAL_TYPES.includes(type as AppealType)) return undefined;
  const level1 = categories.categories.find((c) => c.name === category);
  if (!level1) return undefined;
  const level2 = level1.subcategories.find((s) => s.name === subcategory) ?? level1.subcategories.find((s) => s.name === '其他') ?? level1.subcategories[0]!;
  return { type: type as AppealType, category: level1.name, subcategory: level2.name };
}

export interface ModelClassifierOptions {
  model: BaseChatModel;
  categories: HotlineCategories;
  /** Answers whenever the model does not: down, too slow, or saying something unusable. */
  rules: { classify(text: string): HotlineClassification };
  /** The longest the resident waits for the model before the rules answer. */
  timeoutMs: number;
  logger: Logger;
}

/**
 * A chat model in front of the offline rules: where a county runs a model (any OpenAI-compatible
 * endpoint, see CHAT_MODEL_URL), it reads the whole message the way a person would; the rules
 * answer whenever it fails, is slow or names something that is not in the category file, so a
 * complaint is never held up or lost by the model.
 */
export class ModelAssistedClassifier implements AppealClassifier {
  private readonly prompt: string;

  constructor(private readonly options: ModelClassifierOptions) {
    this.prompt = instructions(options.categories);
  }

  async classify(text: string): Promise<HotlineClassification> {
    const { model, categories, rules, timeoutMs, logger } = this.options;
    const fallback = rules.classify(text);
    try {
      const answer = await model.invoke([new SystemMessage(this.prompt), new HumanMessage(text)], { signal: AbortSignal.timeout(timeoutMs) });
      const read = readModelAnswer(textOf(answer.content), categories);
      if (!read) {
        logger.warn({ answer: textOf(answer.content).slice(0, 200) }, 'chat model gave no usable classification; the rules answered');
        return fallback;
      }
      // The rules' confidence says how clear the category is from its words; where the model
      // picked another category, nothing measured says how sure it is.
      return { ...read, confidence: read.category === fallback.category ? fallback.confidence : 0 };
    } catch (error) {
      logger.warn({ err: error }, 'chat model failed; the rules answered');
      return fallback;
    }
  }
}
