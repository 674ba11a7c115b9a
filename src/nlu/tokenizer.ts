import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/**
 * Words that carry no meaning for finding an item: question words, particles, pronouns and the
 * verbs every guide shares. They are dropped from queries and from indexed text alike.
 */
const STOPWORDS = new Set(
  (
    '的 了 吗 呢 啊 呀 吧 哦 嘛 么 哈 啦 噢 喔 嗯 哎 唉 是 有 在 和 与 及 或 也 都 就 还 又 再 才 很 太 ' +
    '我 你 您 他 她 它 我们 你们 他们 咱 咱们 俺 自己 家 这 那 这个 那个 哪个 这样 那样 什么 啥 啥子 ' +
    '怎么 怎样 怎么样 怎么办 如何 咋 咋办 咋样 哪里 哪儿 哪 在哪 在哪里 哪些 多少 多久 几 为什么 ' +
    '请问 问 问一下 一下 想 想要 要 需要 能 能不能 可以 可不可以 会 得 应该 去 到 给 把 被 让 ' +
    '办 办理 办事 弄 搞 申请 申办 咨询 知道 告诉 请 帮 帮忙 帮我 麻烦 谢谢 好 好的 个 些 一个 ' +
    '就是 村里 村上 哪家 哪个 到底 具体 现在 今年 东西 事 事情 手续 一 下 上 中 里 来 过 着 没 没有 不 吗？ 呗 嘞 咯 喽 哇 那种 这种 那些 这些 喂 喂喂 听得到 听得见 听到 听见 能听到 在不在'
  ).split(/\s+/),
);

/** Words that are not stopwords for intent detection but must not be indexed as item evidence. */
const PUNCTUATION = /^[\s\p{P}\p{S}]+$/u;

/**
 * Normalizes text the way residents type it: full-width to half-width (NFKC), lower case,
 * collapsed spaces. Everything else (segmentation, matching) works on this form.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Chinese word segmentation with jieba, extended with the knowledge base's own words (item
 * names, colloquial aliases, village names) so that "吃低保" or "老年证" stay one word.
 */
export class Tokenizer {
  private readonly jieba: Jieba;
  private readonly added = new Set<string>();

  constructor() {
    this.jieba = Jieba.withDict(dict);
  }

  /** Adds words to the dictionary; jieba then prefers them when segmenting. */
  addWords(words: Iterable<string>): void {
    const lines: string[] = [];
    for (const raw of words) {
      const word = normalizeText(raw).replace(/\s+/g, '');
      if (word.length < 2 || this.added.has(word)) continue;
      this.added.add(word);
      lines.push(`${word} 200000 n`);
    }
    if (lines.length > 0) this.jieba.loadDict(Buffer.from(lines.join('\n') + '\n'));
  }

  /** Every word of the text in search mode (long words and their parts), punctuation dropped. */
  words(text: string): string[] {
    const normalized = normalizeText(text);
    if (normalized === '') return [];
    return this.jieba.cutForSearch(normalized, true).filter((w) => w.trim() !== '' && !PUNCTUATION.test(w));
  }

  /** The meaningful words: `words` without stopwords, each once, in order. */
  terms(text: string): string[] {
    return [...new Set(this.words(text).filter((w) => !STOPWORDS.has(w)))];
  }
}
