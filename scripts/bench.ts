/**
 * npm run bench
 *
 * Index build time, search latency (p50/p99) and memory for the real knowledge base and for
 * 10,000 and 50,000 synthetic items made from it (real fields, each item given extra random
 * two-character words so the vocabulary grows with the size), plus the whole HTTP path of a
 * guide question through the web channel, and the trained models: their load and the time to read
 * one message (emergency detector, intent, item, what a question asks, report type and category, slots). Run on a quiet machine; compare ratios, not absolutes.
 */
import path from 'node:path';
import { indexKnowledge } from '../src/knowledge/knowledge-service.ts';
import { loadKnowledge, type KnowledgeBase } from '../src/knowledge/loader.ts';
import type { Item } from '../src/knowledge/schema.ts';
import { EmergencyDetector } from '../src/nlu/emergency-detector.ts';
import { Tokenizer } from '../src/nlu/tokenizer.ts';
import { UnderstandingModel } from '../src/nlu/understanding-model.ts';
import { WEB_KEY_HEADER, withServer } from './harness.ts';

const HANZI = '安八白百班办半帮包保报北本比边变标表别宾兵病补布步才财参草层茶产场车成城程持出初除处川传窗春从村达大代带单当道德登地点电定东动都度段对多儿二发法范方房访放飞费分丰风服福府父富改干刚高告哥格个根工公功共古谷关观管光广贵国果海含汉好号合和河黑红后湖户花华化画话怀环黄回会婚活火机基级吉集计记季家加价假坚间建江将交角教接街节结解金今进近京经井景静九酒旧居局举具军开康科可克空口快宽况矿困拉来兰蓝劳老乐雷类冷离李里理力立丽联良粮两林灵领流六龙楼路旅绿论罗马买满毛茂美门米面民明名模木目牧南男年宁农女排盘培朋片平评普期齐其奇气汽千前强桥青清情庆秋区取去全泉群然热人仁日荣如入瑞山善商上少社身深生声胜师石时实食始士世市事是室收手首书树双水顺说思司四松送苏素算随孙所台太谈堂特提体天田条铁通同童土团推外万王网望微为卫文问我五武西希喜系下夏先县现乡香祥向小校协心新信兴星行雄修学雪训压言岩阳杨洋养业叶一医依义艺易益因音银英营永用优友有余鱼语玉育园远院月云运杂在早泽增展站张章长招照者振镇正政之支知直职志治中忠钟众州周主助住注庄装资子自宗总走足族组祖作';

function randomWord(random: () => number): string {
  const pick = () => HANZI[Math.floor(random() * HANZI.length)]!;
  return pick() + pick();
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

function synthetic(base: KnowledgeBase, size: number): KnowledgeBase {
  const random = seeded(size);
  const items: Item[] = [];
  for (let i = 0; i < size; i++) {
    const source = base.items[i % base.items.length]!;
    const words = [randomWord(random), randomWord(random), randomWord(random)];
    items.push({
      ...source,
      id: `${source.id}-${i}`,
      name: `${words[0]}${source.name}${i}`,
      aliases: [...source.aliases.slice(0, 4).map((a) => `${words[1]}${a}`), `${words[0]}${words[2]}`],
      summary: `${words[2]}${source.summary}`,
      related: [],
      bundle: [],
    });
  }
  return { ...base, items };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function queries(base: KnowledgeBase, count: number): string[] {
  const random = seeded(7);
  const cues = ['怎么办', '要带什么材料', '在哪里办', '多久能办好', '需要什么条件', ''];
  const result: string[] = [];
  for (let i = 0; i < count; i++) {
    const item = base.items[Math.floor(random() * base.items.length)]!;
    const name = item.aliases.length && random() < 0.7 ? item.aliases[Math.floor(random() * item.aliases.length)]! : item.name;
    result.push(`${name}${cues[Math.floor(random() * cues.length)]}`);
  }
  return result;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function benchIndex(label: string, base: KnowledgeBase, probe: KnowledgeBase): Promise<void> {
  const tokenizer = new Tokenizer();
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const snapshot = indexKnowledge(base, tokenizer);
  const buildMs = performance.now() - started;
  globalThis.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  const qs = queries(probe, 2000);
  for (const q of qs.slice(0, 200)) snapshot.retriever.retrieve(q);
  const times: number[] = [];
  for (const q of qs) {
    const t = performance.now();
    snapshot.retriever.retrieve(q);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(16)} items ${String(base.items.length).padStart(6)}  build ${buildMs.toFixed(0).padStart(6)} ms  ` +
      `search p50 ${percentile(times, 50).toFixed(3)} ms  p99 ${percentile(times, 99).toFixed(3)} ms  ` +
      `heap +${mb(heapAfter - heapBefore)}${globalThis.gc ? '' : ' (run with --expose-gc for exact heap)'}  rss ${mb(process.memoryUsage().rss)}`,
  );
}

/** Load time of the two model files, and one message read by every model the engine may ask. */
function benchModels(knowledgeDir: string, messages: readonly string[]): void {
  const loadStart = performance.now();
  const detector = EmergencyDetector.load(knowledgeDir);
  const understanding = UnderstandingModel.load(knowledgeDir);
  const loadMs = performance.now() - loadStart;
  const readAll = (text: string) => {
    detector.read(text);
    understanding.intents(text);
    understanding.items(text);
    understanding.asks(text);
    understanding.report(text);
    understanding.slots(text, 'visit');
  };
  for (const text of messages.slice(0, 100)) readAll(text);
  const times: number[] = [];
  for (const text of messages) {
    const t = performance.now();
    readAll(text);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`models           load ${loadMs.toFixed(0)} ms  one message, every model: p50 ${percentile(times, 50).toFixed(3)} ms  p99 ${percentile(times, 99).toFixed(3)} ms  rss ${mb(process.memoryUsage().rss)}`);
}

async function benchHttp(): Promise<void> {
  await withServer(async (server) => {
    const qs = queries(server.knowledge.current.base, 500);
    const times: number[] = [];
    for (const [n, text] of qs.entries()) {
      const t = performance.now();
      await server.app.inject({ method: 'POST', url: '/api/v1/messages', headers: WEB_KEY_HEADER, payload: { userId: `bench-${n % 50}`, text } });
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`web channel      messages ${qs.length}  p50 ${percentile(times, 50).toFixed(2)} ms  p99 ${percentile(times, 99).toFixed(2)} ms (fastify inject, SQLite sessions)`);
  });
}

const base = await loadKnowledge(path.resolve(process.env.KNOWLEDGE_DIR ?? 'knowledge'));
const jiebaStart = performance.now();
new Tokenizer();
console.log(`jieba dictionary load ${(performance.now() - jiebaStart).toFixed(0)} ms (once per process)`);
benchModels(path.resolve(process.env.KNOWLEDGE_DIR ?? 'knowledge'), queries(base, 500));
await benchIndex('real knowledge', base, base);
await benchIndex('synthetic 10k', synthetic(base, 10_000), base);
await benchIndex('synthetic 50k', synthetic(base, 50_000), base);
await benchHttp();
