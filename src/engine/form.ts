import type { Button, Reply } from '../message.ts';
import type { IntentName } from '../nlu/intent-declaration.ts';

/** A slot value as stored in the session (JSON). */
export type SlotValue = string | number | string[];

/** What a validator says: the value, or what is wrong in words the resident understands. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

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
const ABANDON = /^(取消|算了|不约了|不办了|不要了|退出|不用了|不预约了|取消预约)[。.!！]*$/;
const CHANGE_PREFIX = '#change:';

/** Whether the text abandons the form ("取消", "算了"). */
export function isAbandon(text: string): boolean {
  return ABANDON.test(text.trim());
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

  /** The next question or the summary, for a form as it stands. */
  prompt(form: FormState, context: C, problem?: string): FormStep {
    const missing = this.specs.find((spec) => this.needed(spec, form.slots, context) && form.slots[spec.name] === undefined);
    if (missing) {
      form.stage = 'filling';
      form.asking = missing.name;
      const question = missing.prompt(form.slots, context);
      const buttons = missing.buttons?.(form.slots, context);
      const text = problem ? `${problem}\n${question}` : question;
      return { kind: 'ask', replies: [{ text, private: true, ...(buttons?.length ? { buttons } : {}) }] };
    }
    form.stage = 'confirming';
    delete form.asking;
    return { kind: 'confirm', replies: [this.summary(form, context, problem)] };
  }

  /** Handles one message of an open form. */
  step(form: FormState, text: string, context: C): FormStep {
    const said = text.trim();
    if (isAbandon(said)) return { kind: 'abandoned' };

    if (form.stage === 'changing') {
      const spec = this.specFor(said);
      if (!spec) return { kind: 'ask', replies: [this.changeMenu(form, '没看明白要改哪一项，请回复序号：', context)] };
      delete form.slots[spec.name];
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
      return { kind: 'confirm', replies: [this.summary(form, context, '请回复"确认"提交，"修改"改信息，或"取消"。')] };
    }

    const asking = this.specs.find((spec) => spec.name === form.asking);
    let problem: string | undefined;
    if (asking) {
      const answer = this.check(asking, asking.parse(said, form.slots, context), form.slots, context);
      if (answer.ok) form.slots[asking.name] = answer.value;
      else problem = answer.error;
    }
    const others = this.extractAll(form, said, context);
    // An answer to another question than the one asked fills that slot; the question stands.
    if (problem && others.filled.length > 0) problem = undefined;
    const problems = [problem, ...others.problems].filter((p): p is string => Boolean(p));
    return this.prompt(form, context, problems.length ? [...new Set(problems)].join('\n') : undefined);
  }

  /**
   * Fills slots the text states; overwrites only when `overwrite`. Returns the names filled and
   * the problems with values stated but not acceptable (a past date, say).
   */
  private extractAll(form: FormState, text: string, context: C, overwrite = false): { filled: string[]; problems: string[] } {
    const filled: string[] = [];
    const problems: string[] = [];
    for (const spec of this.specs) {
      if (!spec.extract || (!overwrite && form.slots[spec.name] !== undefined)) continue;
      if (overwrite && spec.correctable === false) continue;
      const value = spec.extract(text, form.slots, context);
      if (value === undefined) continue;
      if (overwrite && JSON.stringify(form.slots[spec.name]) === JSON.stringify(value)) continue;
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

  private specFor(said: string): SlotSpec<C> | undefined {
    if (said.startsWith(CHANGE_PREFIX)) return this.specs.find((spec) => spec.name === said.slice(CHANGE_PREFIX.length));
    return this.specs.find((spec) => said.includes(spec.label));
  }
}
