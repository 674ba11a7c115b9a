import { readFileSync } from 'node:fs';
import { parseYaml } from '../yaml.ts';
import { z } from 'zod';
import { AppError, ErrorCodes } from '../errors.ts';

/**
 * The 15 level-1 names of the 12345 hotline taxonomy. The API promises these exact names as
 * `category`, so the category file must list each of them once and nothing else.
 */
export const HOTLINE_LEVEL1 = [
  '城乡建设',
  '环境保护',
  '交通运输',
  '劳动和社会保障',
  '卫生计生',
  '教育文体',
  '民政',
  '党务政务',
  '纪检监察',
  '政法',
  '经济管理',
  '商贸旅游',
  '农村农业',
  '国土资源',
  '科技与信息产业',
] as const;

/** The kinds of request the hotline distinguishes. */
export const APPEAL_TYPES = ['咨询', '求助', '投诉', '举报', '建议'] as const;

/** One kind of request: 咨询, 求助, 投诉, 举报 or 建议. */
export type AppealType = (typeof APPEAL_TYPES)[number];

const text = z.string().trim().min(1);

/** `{weight: [words]}`: the weight is a number in (0, 10], the words non-empty strings. */
const WeightedWordsSchema = z
  .record(z.string().regex(/^\d+(\.\d+)?$/, 'must be a weight such as 1, 2 or 2.5'), z.array(text).min(1))
  .default({})
  .superRefine((groups, ctx) => {
    for (const weight of Object.keys(groups)) {
      const value = Number(weight);
      if (!(value > 0 && value <= 10)) ctx.addIssue({ code: 'custom', path: [weight], message: 'weight must be above 0 and at most 10' });
    }
  });

const SubcategorySchema = z.strictObject({ name: text, keywords: WeightedWordsSchema });

const CategorySchema = z.strictObject({
  name: z.enum(HOTLINE_LEVEL1, { error: `must be one of the hotline's level-1 names: ${HOTLINE_LEVEL1.join('、')}` }),
  keywords: WeightedWordsSchema,
  subcategories: z.array(SubcategorySchema).min(1),
});

const FileSchema = z.strictObject({
  types: z.strictObject(Object.fromEntries(APPEAL_TYPES.map((t) => [t, WeightedWordsSchema])) as Record<AppealType, typeof WeightedWordsSchema>),
  categories: z.array(CategorySchema).min(1),
});

/** A word and how much it counts. */
export interface WeightedWord {
  word: string;
  weight: number;
}

/** A level-2 category with its keywords. */
export interface HotlineSubcategory {
  name: string;
  keywords: WeightedWord[];
}

/** A level-1 category: its own keywords and its level-2 categories. */
export interface HotlineCategory {
  name: (typeof HOTLINE_LEVEL1)[number];
  keywords: WeightedWord[];
  subcategories: HotlineSubcategory[];
}

/** The validated category file: type cues and the category tree. */
export interface HotlineCategories {
  types: Record<AppealType, WeightedWord[]>;
  categories: HotlineCategory[];
}

function invalid(file: string, field: string, problem: string): AppError {
  return new AppError(ErrorCodes.KNOWLEDGE_INVALID, `${file}: ${field}: ${problem}`);
}

function flatten(groups: Record<string, string[]>, file: string, field: string): WeightedWord[] {
  const seen = new Set<string>();
  const words: WeightedWord[] = [];
  for (const [weight, list] of Object.entries(groups)) {
    for (const word of list) {
      if (seen.has(word)) throw invalid(file, field, `"${word}" is listed twice`);
      seen.add(word);
      words.push({ word, weight: Number(weight) });
    }
  }
  return words;
}

/**
 * Validates the text of a category file. `file` only names the source in errors, which read
 * `file: field: problem` like the knowledge loader's, so a bad edit never goes live.
 */
export function parseHotlineCategories(source: string, file: string): HotlineCategories {
  let raw: unknown;
  try {
    raw = parseYaml(source);
  } catch (error) {
    throw invalid(file, '(file)', (error as Error).message.split('\n')[0]!);
  }
  const result = FileSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw invalid(file, issue.path.join('.') || '(root)', issue.message);
  }
  const data = result.data;

  const names = new Set<string>();
  const categories = data.categories.map((category, i) => {
    if (names.has(category.name)) throw invalid(file, `categories.${i}.name`, `"${category.name}" is listed twice`);
    names.add(category.name);
    const subNames = new Set<string>();
    return {
      name: category.name,
      keywords: flatten(category.keywords, file, `categories.${i}.keywords`),
      subcategories: category.subcategories.map((sub, j) => {
        if (subNames.has(sub.name)) throw invalid(file, `categories.${i}.subcategories.${j}.name`, `"${sub.name}" is listed twice under ${category.name}`);
        subNames.add(sub.name);
        return { name: sub.name, keywords: flatten(sub.keywords, file, `categories.${i}.subcategories.${j}.keywords`) };
      }),
    };
  });
  const missing = HOTLINE_LEVEL1.filter((name) => !names.has(name));
  if (missing.length > 0) throw invalid(file, 'categories', `missing level-1 categories: ${missing.join('、')}`);

  const types = Object.fromEntries(APPEAL_TYPES.map((t) => [t, flatten(data.types[t], file, `types.${t}`)])) as Record<AppealType, WeightedWord[]>;
  return { types, categories };
}

/** Reads and validates the category file (`knowledge/hotline-categories.yaml`). */
export function loadHotlineCategories(file: string): HotlineCategories {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file is missing' : (error as Error).message;
    throw invalid(file, '(file)', reason);
  }
  return parseHotlineCategories(source, file);
}
