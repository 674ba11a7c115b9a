import type { Button, Reply } from '../message.ts';
import type { IntentName } from '../nlu/intent-declaration.ts';

/** A slot value as stored in the session (JSON). */
export type SlotValue = string | number | string[];

/**
 * What a validator says: the value, or what is wrong in words the resident understands (and,
 * when the answer could mean one of a few things, those as choices to pick by number).
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string; choices?: Button[] };

/** The filled slots of a form. */
export type Slots = Record<string, SlotValue>;

/**
 * One slot of a form, declared as data: its label, its question, how to read a direct answer
 * and how to pick its value out of any message (so that everything can come in one message).
 * `C` is what the validators may consult (the knowledge base, the clock, the booking rules).
 */
export interface SlotSpec<C> {
  name: string;
  /** Short Chinese label, for the summary and the "which one to change" menu. */
  label: string;
  /** The question; may depend on what is filled. */
  prompt: (slots: Slots, context: C) => string;
  /** Choices offered with the question, if any. */
  buttons?: (slots: Slots, context: C) => Button[];
  /** Reads a direct answer to this slot's question. */
  parse: (text: string, slots: Slots, context: C) => Result<SlotValue>;
  /** Picks the value out of any message, when the message clearly states it; else undefined. */
  extract?: (text: string, slots: Slots, context: C) => SlotValue | undefined;
  /** Checks a value however it came (answered or picked out); a problem keeps it out. */
  validate?: (value: SlotValue, slots: Slots, context: C) => Result<SlotValue>;
  /**
   * Whether a value stated at the summary ("电话写错了，是139…") may replace this slot's value.
   * False for free text that any sentence would match (the report itself, an address): those
   * are changed through the 修改 menu only.
   */
  correctable?: boolean;
  /**
   * Free text (a name, an address, a place): any sentence would read as an answer, so a control
   * word ("确认", "好的"), a question, or a message stating other slots is not taken as one.
   */
  freeText?: boolean;
  /** Other words for the slot when the resident says what to change ("电话", "名字", "时间"). */
  aliases?: string[];
  /** Whether the slot is needed given the others (default: always). */
  needed?: (slots: Slots, context: C) => boolean;
  /** How the value reads in the summary (default: as is). */
  show?: (value: SlotValue, slots: Slots, context: C) => string;
}

/** An open form in a session: whose it is, what is filled, what was asked last. */
export interface FormState {
  intent: IntentName;
  slots: Slots;
  /** The slot asked last, while filling. */
  asking?: string;
  stage: 'filling' | 'confirming' | 'changing';
  startedAt: string;
  /**
   * An optional question (a comment after a rating): a message that clearly means something
   * else is not taken as its answer; the question is dropped and the message handled as usual.
   */
  optional?: boolean;
}

/** What a step of the form came to. */
export type FormStep =
  | { kind: 'ask'; replies: Reply[] }
  | { kind: 'confirm'; replies: Reply[] }
  | { kind: 'done'; slots: Slots }
  | { kind: 'abandoned' };

const CONFIRM = /^(确认|确定|确认预约|是|是的|对|对的|好|好的|没错|没问题|可以|行|ok|嗯|嗯嗯)[。.!！]*$/i;
const CHANGE = /^(不对|不是|错了|有错|改|改一下|修改|要改)[。.!！]*$/;
const ACKNOWLEDGE = /^(哦|噢|嗯哼|收到|知道了|晓得了|谢谢|好吧|行吧|提交)[。.!！]*$/;
const ABANDON_WORDS = '取消|算了|不改了|不约了|不办了|不要了|退出|不用了|不预约了|取消预约|不弄了|不搞了|不反映了|不投诉了|不举报了|不说了|不填了';
const ABANDON = new RegExp(`^(?:(?:${ABANDON_WORDS})吧?[，,。.!！\\s]*)+$`);
const QUESTION = /[?？]|[吗呢么]$|什么|怎么|为什么|为啥|咋|哪些|多少|能不能|可不可以|要不要|是不是|有没有|几点/;
/** At the summary, a short message naming a slot with a word of change ("电话错了", "改地址"). */
const CHANGE_CUE = /改|(?<![没不])错|不对/;
const CHANGE_PREFIX = '#change:';
/** The value a correction states after its cue: "…写错了，是2组18号", "改成陈阿宝". */
const NEW_VALUE = /(?:应该是|改成|改为|换成|是|：|:)\s*([^，,。：:]+?)[。.!！]*$/;

/** A short message that begins with "算了" or ends by dropping it ("那个投诉我不要了，撤回吧"). */
const ABANDON_SENTENCE = /^(算了|算啦)[，,。 ]|(?<![被给])(不要了|不弄了|不反映了|不投诉了|不办了|不约了|撤回|撤了|取消)吧?[。.!！]*$/;

/** Whether the text abandons the form ("取消", "算了", "算了不弄了", "算了，那个投诉我不要了，撤回吧"). */
export function isAbandon(text: string): boolean {
  const said = text.trim();
  return ABANDON.test(said) || (said.length <= 24 && ABANDON_SENTENCE.test(said));
}

/** Whether the text only steers the conversation ("确认", "修改", "好的"): it answers no free-text question. */
export function isControlWord(text: string): boolean {
  const said = text.trim();
  return CONFIRM.test(said) || CHANGE.test(said) || ACKNOWLEDGE.test(said) || isAbandon(said);
}

/** Whether the text asks something ("低保要带什么材料", "几点来？"). */
export function isQuestion(text: string): boolean {
  return QUESTION.test(text.trim());
}

/**
 * Runs a form declared as slots: takes every slot a message states, asks for the first one
 * missing (one question at a time), re-asks with what was wrong when an answer does not fit,
 * then shows a summary to confirm (确认 / 修改 / 取消) and lets the resident change any slot.
 */
export class FormRunner<C> {
  constructor(
    private readonly specs: readonly SlotSpec<C>[],
    private readonly summaryTitle: string,
  ) {}

  /** A new form, with whatever the first message already says. */
  start(intent: IntentName, text: string, context: C, now: Date, preset: Slots = {}): { form: FormState; problem?: string } {
    const form: FormState = { intent, slots: { ...preset }, stage: 'filling', startedAt: now.toISOString() };
    const { problems } = this.extractAll(form, text, context);
    return problems.length ? { form, problem: problems.join('\n') } : { form };
  }

  /**
   * The next question or the summary, for a form as it stands. `choices` (from an answer that
   * could mean one of a few things) stand for the question when it is asked again.
   */
  prompt(form: FormState, context: C, problem?: string, choices?: Button[]): FormStep {
    const missing = this.specs.find((spec) => this.needed(spec, form.slots, context) && form.slots[spec.name] === undefined);
    if (missing) {
      const offered = missing.name === form.asking && choices?.length ? choices : undefined;
      form.stage = 'filling';
      form.asking = missing.name;
      const question = missing.prompt(form.slots, context);
      const buttons = offered ?? missing.buttons?.(form.slots, context);
      const text = offered && problem ? problem : problem ? `${problem}\n${question}` : question;
      return { kind: 'ask', replies: [{ text, private: true, ...(buttons?.length ? { buttons } : {}) }] };
    }
    form.stage = 'confirming';
    delete form.asking;
    return { kind: 'confirm', replies: [this.summary(form, context, problem)] };
  }

  /** Handles one message of an open form. */
  step(form: FormState, text: string, context: C): FormStep {
    const said = text.trim();
    // "不改了" at the 修改 menu: back to the summary, nothing dropped.
    if (form.stage === 'changing' && /^不改了?[。.!！]*$/.test(said)) {
      form.stage = 'confirming';
      return { kind: 'confirm', replies: [this.summary(form, context)] };
    }
    if (isAbandon(said)) return { kind: 'abandoned' };

    if (form.stage === 'changing') {
      if (CONFIRM.test(said)) return { kind: 'done', slots: form.slots };
      // The new value said outright ("电话13900002222") changes it at once.
      const changed = said.startsWith(CHANGE_PREFIX) ? undefined : this.extractAll(form, said, context, true);
      if (changed && (changed.filled.length > 0 || changed.problems.length > 0)) return this.prompt(form, context, changed.problems.join('\n') || undefined);
      const specs = this.specsFor(form, said, context);
      if (specs.length === 0) return { kind: 'ask', replies: [this.changeMenu(form, '没看明白要改哪一项，请回复序号：', context)] };
      for (const spec of specs) delete form.slots[spec.name];
      return this.prompt(form, context);
    }

    if (form.stage === 'confirming') {
      if (CONFIRM.test(said)) return { kind: 'done', slots: form.slots };
      if (CHANGE.test(said)) {
        form.stage = 'changing';
        return { kind: 'ask', replies: [this.changeMenu(form, '要改哪一项？回复序号：', context)] };
      }
      // A correction stated outright ("电话是139…") changes the slot and shows the summary again.
      const changed = this.extractAll(form, said, context, true);
      if (changed.filled.length > 0 || changed.problems.length > 0) return this.prompt(form, context, changed.problems.join('\n') || undefined);
      // "电话错了", "改地址": that slot is asked again.
      const named = this.specsFor(form, said, context);
      if (named.length > 0 && (CHANGE_CUE.test(said) || named.some((spec) => this.words(spec).includes(said)))) {
        for (const spec of named) delete form.slots[spec.name];
        // "地址写错了，是2组18号": the new value came with it.
        const told = NEW_VALUE.exec(said)?.[1];
        if (told && named.length === 1) {
          const spec = named[0]!;
          const result = this.check(spec, spec.parse(told, form.slots, context), form.slots, context);
          if (result.ok) form.slots[spec.name] = result.value;
        }
        return this.prompt(form, context);
      }
      return { kind: 'confirm', replies: [this.summary(form, context, '请回复"确认"提交，"修改"改信息，或"取消"。')] };
    }

    const asking = this.specs.find((spec) => spec.name === form.asking);
    if (!asking) {
      const stated = this.extractAll(form, said, context);
      return this.prompt(form, context, stated.problems.join('\n') || undefined);
    }
    // A free-text question (a name, an address) would take any sentence: a control word, a
    // question or a message stating other slots is not its answer (only its own value picked
    // out of such a message counts).
    const aside = asking.freeText === true && (isControlWord(said) || isQuestion(said) || this.statesOthers(asking, said, form, context));
    const answer = aside ? this.picked(asking, said, form, context) : this.check(asking, asking.parse(said, form.slots, context), form.slots, context);
    if (answer?.ok) form.slots[asking.name] = answer.value;
    // What is not a plain answer may state (or correct) other slots: they are taken, and the
    // question stands.
    const others = this.extractAll(form, said, context, aside || !answer?.ok);
    let problem: string | undefined;
    let choices: Button[] | undefined;
    if (answer && !answer.ok && (others.filled.length === 0 || answer.choices)) {
      problem = answer.error;
      choices = answer.choices;
    }
    if (!answer && others.filled.length === 0) problem = isQuestion(said) ? `先把这一项填完，您问的等会儿再问我。` : `这一步要填"${asking.label}"。`;
    const problems = [problem, ...others.problems].filter((p): p is string => Boolean(p));
    return this.prompt(form, context, problems.length ? [...new Set(problems)].join('\n') : undefined, choices);
  }

  /** The slot's own value picked out of a message that is not a plain answer, if any. */
  private picked(spec: SlotSpec<C>, said: string, form: FormState, context: C): Result<SlotValue> | undefined {
    if (isControlWord(said) || isQuestion(said)) return undefined;
    const value = spec.extract?.(said, form.slots, context);
    return value === undefined ? undefined : this.check(spec, { ok: true, value }, form.slots, context);
  }

  /**
   * Whether the text states another slot than `spec`: one still empty, or a correctable one
   * with something else than it holds.
   */
  private statesOthers(spec: SlotSpec<C>, said: string, form: FormState, context: C): boolean {
    return this.specs.some((other) => {
      const current = form.slots[other.name];
      if (other === spec || !other.extract || (current !== undefined && other.correctable === false)) return false;
      const value = other.extract(said, form.slots, context);
      return value !== undefined && JSON.stringify(value) !== JSON.stringify(current);
    });
  }

  /**
   * Fills slots the text states; overwrites filled ones only when `overwrite` (and the slot is
   * correctable). Returns the names filled and the problems with values stated but not
   * acceptable (a past date, say).
   */
  private extractAll(form: FormState, text: string, context: C, overwrite = false): { filled: string[]; problems: string[] } {
    const filled: string[] = [];
    const problems: string[] = [];
    for (const spec of this.specs) {
      if (!spec.extract) continue;
      const current = form.slots[spec.name];
      if (current !== undefined && (!overwrite || spec.correctable === false)) continue;
      const value = spec.extract(text, form.slots, context);
      if (value === undefined) continue;
      if (current !== undefined && JSON.stringify(current) === JSON.stringify(value)) continue;
      const checked = this.check(spec, { ok: true, value }, form.slots, context);
      if (!checked.ok) {
        problems.push(checked.error);
        continue;
      }
      form.slots[spec.name] = checked.value;
      filled.push(spec.name);
    }
    return { filled, problems };
  }

  private check(spec: SlotSpec<C>, result: Result<SlotValue>, slots: Slots, context: C): Result<SlotValue> {
    if (!result.ok || !spec.validate) return result;
    return spec.validate(result.value, slots, context);
  }

  private needed(spec: SlotSpec<C>, slots: Slots, context: C): boolean {
    return spec.needed ? spec.needed(slots, context) : true;
  }

  private summary(form: FormState, context: C, note?: string): Reply {
    const lines = this.specs
      .filter((spec) => this.needed(spec, form.slots, context) && form.slots[spec.name] !== undefined)
      .map((spec) => {
        const value = form.slots[spec.name]!;
        return `${spec.label}：${spec.show ? spec.show(value, form.slots, context) : String(value)}`;
      });
    const text = [note, `${this.summaryTitle}，请核对：`, ...lines, '没问题请回复"确认"。'].filter(Boolean).join('\n');
    return {
      text,
      private: true,
      buttons: [
        { label: '确认', value: '确认' },
        { label: '修改', value: '修改' },
        { label: '取消', value: '取消' },
      ],
    };
  }

  private changeMenu(form: FormState, text: string, context: C): Reply {
    const buttons = this.specs
      .filter((spec) => this.needed(spec, form.slots, context) && form.slots[spec.name] !== undefined)
      .map((spec) => ({ label: spec.label, value: `${CHANGE_PREFIX}${spec.name}` }));
    return { text, private: true, buttons };
  }

  /** Whether a slot is still needed and empty (for handlers that check as they go). */
  isMissing(form: FormState, name: string, context: C): boolean {
    const spec = this.specs.find((s) => s.name === name);
    return spec !== undefined && this.needed(spec, form.slots, context) && form.slots[name] === undefined;
  }

  /** The words that name a slot: its label and aliases. */
  private words(spec: SlotSpec<C>): string[] {
    return [spec.label, ...(spec.aliases ?? [])];
  }

  /**
   * The filled slots a message names, for the 修改 menu: by button, by label or alias ("电话",
   * "名字", "时间" — which may name more than one).
   */
  private specsFor(form: FormState, said: string, context: C): SlotSpec<C>[] {
    const filled = this.specs.filter((spec) => this.needed(spec, form.slots, context) && form.slots[spec.name] !== undefined);
    if (said.startsWith(CHANGE_PREFIX)) return filled.filter((spec) => spec.name === said.slice(CHANGE_PREFIX.length));
    return filled.filter((spec) => this.words(spec).some((word) => said.includes(word) || (said.length >= 2 && word.includes(said))));
  }
}
