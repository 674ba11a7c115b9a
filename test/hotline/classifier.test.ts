import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HOTLINE_LEVEL1, loadHotlineCategories, parseHotlineCategories, type HotlineCategories } from '../../src/hotline/categories.ts';
import { HotlineClassifier } from '../../src/hotline/classifier.ts';

const FILE = 'knowledge/hotline-categories.yaml';
const TAXONOMY = path.resolve('../shared/data/hotline_taxonomy.tsv');

describe('the hotline category file', () => {
  let categories: HotlineCategories;
  beforeAll(() => {
    categories = loadHotlineCategories(FILE);
  });

  it('lists each of the 15 level-1 categories of the hotline once', () => {
    expect(categories.categories.map((c) => c.name).sort()).toEqual([...HOTLINE_LEVEL1].sort());
  });

  it('gives every level-1 category a fallback "其他" and keywords somewhere below it', () => {
    for (const category of categories.categories) {
      expect(category.subcategories.map((s) => s.name), category.name).toContain('其他');
      const words = category.keywords.length + category.subcategories.reduce((n, s) => n + s.keywords.length, 0);
      expect(words, category.name).toBeGreaterThan(10);
    }
  });

  it.skipIf(!existsSync(TAXONOMY))('uses only level-1 and level-2 names of the hotline taxonomy', () => {
    const rows = readFileSync(TAXONOMY, 'utf8').split(/\r?\n/).slice(1).filter((l) => l.trim() !== '');
    const level2 = new Set(rows.map((l) => l.split('\t').slice(0, 2).join('/')));
    const level1 = new Set(rows.map((l) => l.split('\t')[0]));
    expect([...level1].sort()).toEqual([...HOTLINE_LEVEL1].sort());
    for (const category of categories.categories) {
      for (const sub of category.subcategories) expect(level2.has(`${category.name}/${sub.name}`), `${category.name}/${sub.name}`).toBe(true);
    }
  });
});

describe('the hotline classifier', () => {
  let classifier: HotlineClassifier;
  beforeAll(() => {
    classifier = new HotlineClassifier(loadHotlineCategories(FILE));
  });

  it('files a broken street light under urban and rural construction, as a complaint', () => {
    const result = classifier.classify('我们组的路灯坏了一个多月没人修');
    expect(result).toMatchObject({ category: '城乡建设', subcategory: '城市建设和市政管理', type: '投诉' });
    expect(result.confidence).toBeGreaterThan(0.5);
  });

  it('files a pig farm draining into the river under environmental protection', () => {
    const result = classifier.classify('隔壁养猪场污水直接排到河里');
    expect(result).toMatchObject({ category: '环境保护', subcategory: '环境污染' });
    expect(['举报', '投诉']).toContain(result.type);
  });

  it('files unpaid wages under labour and social security', () => {
    expect(classifier.classify('老板拖欠工资三个月')).toMatchObject({ category: '劳动和社会保障', subcategory: '工资福利', type: '投诉' });
  });

  it.each([
    ['宅基地被邻居占了一块，村里不管', '农村农业', '土地承包经营'],
    ['土地流转费两年没给', '农村农业', '土地承包经营'],
    ['村务公开栏一直是空的，账目从来不公布', '农村农业', '村务管理'],
    ['山塘水库漏水，下雨天怕垮', '农村农业', '水利水电'],
    ['有人在田里焚烧秸秆，烟很大', '环境保护', '环境污染'],
    ['村里低保评定不公开，有人优亲厚友', '民政', '社会救助'],
    ['山上有人乱砍滥伐', '农村农业', '林业管理'],
    ['出租车拒载还绕路', '交通运输', '出租车管理'],
    ['快递员不送货上门', '交通运输', '邮政管理'],
    ['超市卖过期食品', '卫生计生', '食品药品监管'],
    ['景区门票太贵', '商贸旅游', '旅游管理'],
    ['邻居装修噪音太大影响休息', '环境保护', '环境污染'],
    ['举报村主任贪污扶贫款', '纪检监察', '贪污贿赂'],
  ])('files "%s" under %s / %s', (text, category, subcategory) => {
    expect(classifier.classify(text)).toMatchObject({ category, subcategory });
  });

  it.each([
    ['请问新农合今年交多少钱', '咨询'],
    ['低保怎么申请，要带什么材料？', '咨询'],
    ['建议村里增设一个公交站', '建议'],
    ['希望镇上能多开几趟去县城的班车，方便群众出行', '建议'],
    ['我家老人瘫痪在床，生活困难，求助', '求助'],
    ['举报村主任贪污扶贫款', '举报'],
    ['窗口工作人员态度差，办个证跑了三趟', '投诉'],
  ])('reads "%s" as %s', (text, type) => {
    expect(classifier.classify(text).type).toBe(type);
  });

  it('reads full-width and half-width text alike', () => {
    expect(classifier.classify('请问ＫＴＶ噪音扰民找谁？')).toEqual(classifier.classify('请问KTV噪音扰民找谁?'));
  });

  it('answers the same way every time', () => {
    const text = '村口的水泥路被大货车压坏了，坑坑洼洼，下雨全是积水';
    expect(classifier.classify(text)).toEqual(classifier.classify(text));
  });

  it('falls back to a valid category with confidence 0 when nothing matches', () => {
    expect(classifier.classify('')).toEqual({ type: '投诉', category: '城乡建设', subcategory: '其他', confidence: 0 });
    expect(classifier.classify('嗯嗯好的').confidence).toBe(0);
  });
});

describe('loading the category file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function edited(replace: (source: string) => string): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'cunban-hotline-'));
    dirs.push(dir);
    const file = path.join(dir, 'hotline-categories.yaml');
    writeFileSync(file, replace(readFileSync(FILE, 'utf8')));
    return file;
  }

  it('names the file, the field and the problem for a level-1 name that is not the hotline’s', () => {
    const file = edited((s) => s.replace('  - name: 城乡建设\n', '  - name: 城建\n'));
    expect(() => loadHotlineCategories(file)).toThrow(new RegExp(`${file}: categories\\.0\\.name: must be one of`));
  });

  it('names a weight out of range', () => {
    const file = edited((s) => s.replace(/^ {4}5: \[举报/m, '    50: [举报'));
    expect(() => loadHotlineCategories(file)).toThrow(/types\.举报\.50: weight must be above 0 and at most 10/);
  });

  it('names a keyword listed twice under the same category', () => {
    const file = edited((s) => s.replace(', 井盖,', ', 井盖, 井盖,'));
    expect(() => loadHotlineCategories(file)).toThrow(/categories\.0\.subcategories\.\d+\.keywords: "井盖" is listed twice/);
  });

  it('names a missing level-1 category and a level-2 category listed twice', () => {
    const base = readFileSync(FILE, 'utf8');
    const withoutLast = base.slice(0, base.lastIndexOf('  - name: 科技与信息产业'));
    expect(() => parseHotlineCategories(withoutLast, 'x.yaml')).toThrow(/x\.yaml: categories: missing level-1 categories: 科技与信息产业/);
    const twice = base.replace('      - name: 工程质量\n', '      - name: 安全生产\n');
    expect(() => parseHotlineCategories(twice, 'x.yaml')).toThrow(/x\.yaml: categories\.0\.subcategories\.\d+\.name: "安全生产" is listed twice/);
  });

  it('names a missing file and a file that is not YAML', () => {
    expect(() => loadHotlineCategories('/nonexistent/hotline-categories.yaml')).toThrow(/hotline-categories\.yaml: \(file\): file is missing/);
    expect(() => parseHotlineCategories('types: [unclosed', 'bad.yaml')).toThrow(/^bad\.yaml: \(file\): /);
    expect(() => parseHotlineCategories('types: {}\n', 'bad.yaml')).toThrow(/^bad\.yaml: (types\.\S+|categories): /);
  });
});
