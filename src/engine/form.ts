import type { z } from 'zod';
import type { Button, Reply } from '../message.ts';
import type { IntentName } from '../nlu/intent-declaration.ts';
import { formActOf, isAbandon, isControlWord, isCorrection, isQuestion } from '../nlu/form-acts.ts';
import { encodeDirective, type Directive } from './directive.ts';

/**
 * What a slot's reader says: the value (and, rarely, other slots the same answer settles: "匿名"
 * said at the name question), or what is wrong in words the resident understands (and, when the
 * answer could mean one of a few things, those as choices to pick by number).
 */
export type Result<T, S = Record<string, unknown>> = { ok: true; value: T; also?: Partial<S> } | { ok: false; error: string; choices?: Button[] };

/**
 * One slot of a form, declared as data: its label, its question, how to read a direct answer
 * and how to pick its value out of any message (so that everything can come in one message).
 * `S` is the form's slots (its zod schema's type), `K` this slot's name, `C` what the readers may
 * consult (the knowledge base, the clock, the booking rules).
 */
export interface SlotSpec<S, K extends keyof S, C> {
  name: K;
  /** Short Chinese label, for the summary and the "which one to change" menu. */
  label: string;
  /** The question; may depend on what is filled. */
  prompt: (slots: Partial<S>, context: C) => string;
  /** Choices offered with the question, if any. */
  buttons?: (slots: Partial<S>, context: C) => Button[];
  /** Reads a direct answer to this slot's question. */
  parse: (text: string, slots: Partial<S>, context: C) => Result<S[K], S>;
  /** Picks the value out of any message, when the message clearly states it; else undefined. */
  extract?: (text: string, slots: Partial<S>, context: C) => S[K] | undefined;
  /** The value a button stands for (an offered half-day), if it is one for this slot. */
  chosen?: (directive: Directive) => S[K] | undefined;
  /** Checks a value however it came (answered or picked out); a problem keeps it out. */
  validate?: (value: S[K], slots: Partial<S>, context: C) => Result<S[K], S>;
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
  needed?: (slots: Partial<S>, context: C) => boolean;
  /** Slots that describe whom or what this one names: cleared when its value changes (the elder's name and age are not hers). */
  dependents?: (keyof S)[];
  /** How the value reads in the summary (default: as is). */
  show?: (value: S[K], slots: Partial<S>, context: C) => string;
}

/** A question asked again this many times running (the third time it is asked) offers a way out. */
const STUCK_AFTER = 2;
const WAY_OUT_TEXT = '说不清也没关系：可以回复"人工"找工作人员帮您，或回复"取消"先不办了。';
const WAYS_OUT: Button[] = [
  { label: '找工作人员', value: encodeDirective({ kind: 'intent', intent: 'human' }) },
  { label: '取消', value: encodeDirective({ kind: 'intent', intent: 'cancel' }) },
];

/** The slots of a form, each typed by its name, in the order they are asked. */
export type SlotSpecs<S, C> = { [K in keyof S]-?: SlotSpec<S, K, C> }[keyof S][];

/** An open form: which one, what is filled, what was asked last. */
export interface FormState<S> {
  /** Which form this is (a booking, a rescheduling, a report, a rating comment). */
  name: string;
  intent: IntentName;
  slots: Partial<S>;
  /** The slot asked last, while filling. */
  asking?: string;
  stage: 'filling' | 'confirming' | 'changing';
  startedAt: string;
  /** How many times running the question asked last was asked again because the answer did not do. */
  repeats?: number;
  /** The values of slots taken back to be changed, until their new value comes. */
  replacing?: Record<string, unknown>;
  /**
   * An optional question (a comment after a rating): a message that clearly means something
   * else is not taken as its answer; the question is dropped and the message handled as usual.
   */
  optional?: boolean;
}

/** A form as the session stores it (JSON): its slots are checked against the form's schema when read. */
export type StoredForm = FormState<Record<string, unknown>>;

/** A form's identity and the types of its slots, which every stored form is checked against. */
export class FormType<Shape extends z.ZodRawShape> {
  constructor(
    readonly name: string,
    readonly intent: IntentName,
    private readonly schema: z.ZodObject<Shape>,
  ) {}

  /** The session's form, typed, when it is this form and its slots are what this form stores. */
  read(stored: StoredForm | undefined): FormState<z.infer<z.ZodObject<Shape>>> | undefined {
    if (!stored || stored.name !== this.name) return undefined;
    const slots = this.schema.partial().safeParse(stored.slots);
    return slots.success ? { ...stored, slots: slots.data as Partial<z.infer<z.ZodObject<Shape>>> } : undefined;
  }

  /** A new form of this type. */
  create(now: Date, preset: Partial<z.infer<z.ZodObject<Shape>>> = {}, optional = false): FormState<z.infer<z.ZodObject<Shape>>> {
    return { name: this.name, intent: this.intent, slots: { ...preset }, stage: 'filling', startedAt: now.toISOString(), ...(optional ? { optional } : {}) };
  }
}

/** The slots of a form type, as its schema types them. */
export type SlotsOf<F> = F extends FormType<infer Shape> ? z.infer<z.ZodObject<Shape>> : never;

/** What one message did to a form: the form as it now stands, and what to say. */
export type FormStep<S> =
  | { kind: 'ask'; form: FormState<S>; replies: Reply[] }
  | { kind: 'confirm'; form: FormState<S>; replies: Reply[] }
  | { kind: 'done'; form: FormState<S> }
  | { kind: 'abandoned' };

/** A message as a form reads it: its text, and the offered choice it made, if any. */
export interface FormInput {
  text: string;
  directive?: Directive | undefined;
}

/** The new value said after a correction's cue: "…写错了，是2组18号", "改成陈阿宝". */
const NEW_VALUE = /(?:应该是|改成|改为|换成|写成|写上|写|是|：|:)\s*([^，,。：:]+?)[。.!！]*$/;
/** At the summary, a short message naming a slot with a word of change ("电话错了", "改地址", "关系那里写女儿"). */
const CHANGE_CUE = /改|(?<![没不])错|不对|写/;
const STOP_CHANGING = /^不改了?[。.!！]*$/;

type Slot<S, C> = SlotSpec<S, keyof S, C>;

/**
 * Runs a form declared as slots, as a pure function of the form and the message: takes every slot
 * a message states, asks for the first one missing (one question at a time), re-asks with what was
 * wrong when an answer does not fit, then shows a summary to confirm (确认 / 修改 / 取消) and lets
 * the resident change any slot. It never changes the form it is given: each step returns the form
 * as it now stands, which the handler returns as its session patch (Rasa's form action returning
 * slot events).
 */
export class FormRunner<S, C> {
  private readonly specs: readonly Slot<S, C>[];

  constructor(
    specs: SlotSpecs<S, C>,
    private readonly summaryTitle: string,
  ) {
    // Each spec is typed by its own slot; the runner treats them alike, by name.
    this.specs = specs as unknown as Slot<S, C>[];
  }

  /** Fills a new form with whatever the first message already says. */
  start(form: FormState<S>, text: string, context: C): { form: FormState<S>; problem?: string } {
    const next = structuredClone(form);
    const { problems } = this.extractAll(next, text, context);
    return problems.length ? { form: next, problem: problems.join('\n') } : { form: next };
  }

  /**
   * The next question or the summary, for a form as it stands. `choices` (from an answer that
   * could mean one of a few things) stand for the question when it is asked again.
   */
  prompt(form: FormState<S>, context: C, problem?: string, choices?: Button[]): FormStep<S> {
    return this.ask(structuredClone(form), context, problem, choices);
  }

  /** Handles one message of an open form. */
  step(form: FormState<S>, input: FormInput, context: C): FormStep<S> {
    const next = structuredClone(form);
    const said = input.text.trim();
    // "不改了" at the 修改 menu: back to the summary, nothing dropped.
    if (next.stage === 'changing' && STOP_CHANGING.test(said)) {
      next.stage = 'confirming';
      return { kind: 'confirm', form: next, replies: [this.summary(next, context)] };
    }
    const cancelled = input.directive?.kind === 'intent' && input.directive.intent === 'cancel';
    if (cancelled || isAbandon(said)) return { kind: 'abandoned' };
    if (next.stage === 'changing') return this.changing(next, input, context);
    if (next.stage === 'confirming') return this.confirming(next, said, context);
    return this.filling(next, input, context);
  }

  /** Whether a slot is still needed and empty (for handlers that check as they go). */
  isMissing(form: FormState<S>, name: keyof S, context: C): boolean {
    const spec = this.specs.find((s) => s.name === name);
    return spec !== undefined && this.needed(spec, form.slots, context) && form.slots[name] === undefined;
  }

  private changing(form: FormState<S>, input: FormInput, context: C): FormStep<S> {
    const said = input.text.trim();
    if (formActOf(said) === 'affirm') return { kind: 'done', form };
    const chosen = input.directive?.kind === 'change' ? input.directive.slot : undefined;
    const named = chosen === undefined ? undefined : this.filled(form, context).filter((spec) => spec.name === chosen);
    if (!named) {
      // The new value said outright ("电话13900002222") changes it at once.
      const changed = this.extractAll(form, said, context, true);
      if (changed.filled.length > 0 || changed.problems.length > 0) return this.ask(form, context, changed.problems.join('\n') || undefined);
    }
    const specs = named ?? this.specsNamed(form, said, context);
    if (specs.length === 0) return { kind: 'ask', form, replies: [this.changeMenu(form, '没看明白要改哪一项，请回复序号：', context)] };
    this.takeBack(form, specs);
    return this.ask(form, context);
  }

  private confirming(form: FormState<S>, said: string, context: C): FormStep<S> {
    const act = formActOf(said);
    if (act === 'affirm') return { kind: 'done', form };
    if (act === 'change') {
      form.stage = 'changing';
      return { kind: 'ask', form, replies: [this.changeMenu(form, '要改哪一项？回复序号：', context)] };
    }
    // A correction stated outright ("电话是139…", "不对 电话打错了 是139…") changes the slot and shows the summary again.
    const changed = this.extractAll(form, said, context, true);
    if (changed.filled.length > 0 || changed.problems.length > 0) return this.ask(form, context, changed.problems.join('\n') || undefined);
    // "电话错了", "改地址": that slot is asked again.
    const named = this.specsNamed(form, said, context);
    if (named.length > 0 && (CHANGE_CUE.test(said) || named.some((spec) => this.words(spec).includes(said)))) {
      this.takeBack(form, named);
      // "地址写错了，是2组18号": the new value came with it.
      const told = NEW_VALUE.exec(said)?.[1];
      if (told && named.length === 1) {
        const spec = named[0]!;
        const result = this.check(spec, spec.parse(told, form.slots, context), form.slots, context);
        if (result.ok) this.fill(form, spec, result);
      }
      return this.ask(form, context);
    }
    return { kind: 'confirm', form, replies: [this.summary(form, context, '请回复"确认"提交，"修改"改信息，或"取消"。')] };
  }

  private filling(form: FormState<S>, input: FormInput, context: C): FormStep<S> {
    const said = input.text.trim();
    const asking = this.specs.find((spec) => spec.name === form.asking);
    if (!asking) {
      const stated = this.extractAll(form, said, context);
      return this.ask(form, context, stated.problems.join('\n') || undefined);
    }
    const chosen = input.directive ? asking.chosen?.(input.directive) : undefined;
    // A free-text question (a name, an address) would take any sentence: a control word, a
    // question or a message stating other slots is not its answer (only its own value picked
    // out of such a message counts).
    const aside = chosen === undefined && asking.freeText === true && (isControlWord(said) || isQuestion(said) || this.statesOthers(asking, said, form, context));
    const answer =
      chosen !== undefined
        ? this.check(asking, { ok: true, value: chosen }, form.slots, context)
        : aside
          ? this.picked(asking, said, form, context)
          : this.check(asking, asking.parse(said, form.slots, context), form.slots, context);
    if (answer?.ok) this.fill(form, asking, answer);
    // What is not a plain answer may state (or correct) other slots: they are taken, and the question
    // stands. An answer that corrects itself ("哦不对，下周三我要上班，改成周四吧，下午") also
    // changes what it corrects.
    const others = input.directive ? this.fromDirective(form, input.directive, context) : this.extractAll(form, said, context, aside || !answer?.ok || isCorrection(said));
    let problem: string | undefined;
    let choices: Button[] | undefined;
    if (answer && !answer.ok && (others.filled.length === 0 || answer.choices)) {
      problem = answer.error;
      choices = answer.choices;
    }
    if (!answer && others.filled.length === 0) problem = `这一步要填"${asking.label}"。`;
    const problems = [problem, ...others.problems].filter((p): p is string => Boolean(p));
    return this.ask(form, context, problems.length ? [...new Set(problems)].join('\n') : undefined, choices);
  }

  private ask(form: FormState<S>, context: C, problem?: string, choices?: Button[]): FormStep<S> {
    const missing = this.specs.find((spec) => this.needed(spec, form.slots, context) && form.slots[spec.name] === undefined);
    if (missing) {
      const offered = missing.name === form.asking && choices?.length ? choices : undefined;
      const again = problem !== undefined && missing.name === form.asking;
      form.repeats = again ? (form.repeats ?? 0) + 1 : 0;
      form.stage = 'filling';
      form.asking = String(missing.name);
      const question = missing.prompt(form.slots, context);
      // Asked a third time: never a loop — a person, or stopping, is offered beside the question.
      const stuck = form.repeats >= STUCK_AFTER;
      const buttons = [...(offered ?? missing.buttons?.(form.slots, context) ?? []), ...(stuck ? WAYS_OUT : [])];
      const asked = offered && problem ? problem : problem ? `${problem}\n${question}` : question;
      const text = stuck ? `${asked}\n${WAY_OUT_TEXT}` : asked;
      return { kind: 'ask', form, replies: [{ text, private: true, ...(buttons.length ? { buttons } : {}) }] };
    }
    form.stage = 'confirming';
    delete form.asking;
    return { kind: 'confirm', form, replies: [this.summary(form, context, problem)] };
  }

  /** Slots taken back to be asked again: their values are kept aside until the new ones come. */
  private takeBack(form: FormState<S>, specs: readonly Slot<S, C>[]): void {
    for (const spec of specs) {
      form.replacing = { ...form.replacing, [spec.name]: form.slots[spec.name] };
      delete form.slots[spec.name];
    }
  }

  private fill(form: FormState<S>, spec: Slot<S, C>, result: { value: S[keyof S]; also?: Partial<S> }): void {
    const before = form.slots[spec.name] ?? form.replacing?.[String(spec.name)];
    if (before !== undefined && JSON.stringify(before) !== JSON.stringify(result.value)) for (const dependent of spec.dependents ?? []) delete form.slots[dependent];
    if (form.replacing) delete form.replacing[String(spec.name)];
    form.slots[spec.name] = result.value;
    if (result.also) Object.assign(form.slots, result.also);
  }

  /** The slot's own value picked out of a message that is not a plain answer, if any. */
  private picked(spec: Slot<S, C>, said: string, form: FormState<S>, context: C): Result<S[keyof S], S> | undefined {
    if (isControlWord(said) || isQuestion(said)) return undefined;
    const value = spec.extract?.(said, form.slots, context);
    return value === undefined ? undefined : this.check(spec, { ok: true, value }, form.slots, context);
  }

  /**
   * Whether the text states another slot than `spec`: one still empty, or a correctable one
   * with something else than it holds.
   */
  private statesOthers(spec: Slot<S, C>, said: string, form: FormState<S>, context: C): boolean {
    return this.specs.some((other) => {
      const current = form.slots[other.name];
      if (other === spec || !other.extract || (current !== undefined && other.correctable === false)) return false;
      const value = other.extract(said, form.slots, context);
      return value !== undefined && JSON.stringify(value) !== JSON.stringify(current);
    });
  }

  /** Fills every slot a button stands for (an offered half-day is a date and a half-day). */
  private fromDirective(form: FormState<S>, directive: Directive, context: C): { filled: string[]; problems: string[] } {
    const filled: string[] = [];
    const problems: string[] = [];
    for (const spec of this.specs) {
      const value = spec.chosen?.(directive);
      if (value === undefined) continue;
      const checked = this.check(spec, { ok: true, value }, form.slots, context);
      if (checked.ok) {
        this.fill(form, spec, checked);
        filled.push(String(spec.name));
      } else problems.push(checked.error);
    }
    return { filled, problems };
  }

  /**
   * Fills slots the text states; overwrites filled ones only when `overwrite` (and the slot is
   * correctable). Returns the names filled and the problems with values stated but not
   * acceptable (a past date, say).
   */
  private extractAll(form: FormState<S>, text: string, context: C, overwrite = false): { filled: string[]; problems: string[] } {
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
      this.fill(form, spec, checked);
      filled.push(String(spec.name));
    }
    return { filled, problems };
  }

  private check(spec: Slot<S, C>, result: Result<S[keyof S], S>, slots: Partial<S>, context: C): Result<S[keyof S], S> {
    if (!result.ok || !spec.validate) return result;
    const checked = spec.validate(result.value, slots, context);
    return checked.ok && result.also ? { ...checked, also: { ...result.also, ...checked.also } } : checked;
  }

  private needed(spec: Slot<S, C>, slots: Partial<S>, context: C): boolean {
    return spec.needed ? spec.needed(slots, context) : true;
  }

  private filled(form: FormState<S>, context: C): Slot<S, C>[] {
    return this.specs.filter((spec) => this.needed(spec, form.slots, context) && form.slots[spec.name] !== undefined);
  }

  private summary(form: FormState<S>, context: C, note?: string): Reply {
    const lines = this.filled(form, context).map((spec) => {
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

  private changeMenu(form: FormState<S>, text: string, context: C): Reply {
    const buttons = this.filled(form, context).map((spec) => ({ label: spec.label, value: encodeDirective({ kind: 'change', slot: String(spec.name) }) }));
    return { text, private: true, buttons };
  }

  /** The words that name a slot: its label and aliases. */
  private words(spec: Slot<S, C>): string[] {
    return [spec.label, ...(spec.aliases ?? [])];
  }

  /** The filled slots a message names, for the 修改 menu: by label or alias ("电话", "名字", "时间" — which may name more than one). */
  private specsNamed(form: FormState<S>, said: string, context: C): Slot<S, C>[] {
    return this.filled(form, context).filter((spec) => this.words(spec).some((word) => said.includes(word) || (said.length >= 2 && word.includes(said))));
  }
}
