import type { Tokenizer } from '../nlu/tokenizer.ts';
import { loadKnowledge, type KnowledgeBase } from './loader.ts';
import { Retriever } from './retriever.ts';
import type { Item } from './schema.ts';
import { SearchIndex } from './search-index.ts';

/** One loaded, indexed version of the knowledge base; replaced whole on reload. */
export interface KnowledgeSnapshot {
  base: KnowledgeBase;
  index: SearchIndex;
  retriever: Retriever;
  itemsById: ReadonlyMap<string, Item>;
  /** Every village's name and alias, longest first (so "岭口村" is found before "岭口"). */
  placeNames: readonly string[];
  loadedAt: Date;
}

/** Builds the index and retriever for a loaded knowledge base. */
export function indexKnowledge(base: KnowledgeBase, tokenizer: Tokenizer): KnowledgeSnapshot {
  const placeNames = base.villages.flatMap((v) => [v.name, ...v.aliases]).sort((a, b) => b.length - a.length);
  tokenizer.addWords(placeNames);
  const index = new SearchIndex(base.items, tokenizer);
  return {
    base,
    index,
    retriever: new Retriever(index, tokenizer, base.synonyms, placeNames),
    itemsById: new Map(base.items.map((item) => [item.id, item])),
    placeNames,
    loadedAt: new Date(),
  };
}

/**
 * Holds the current knowledge snapshot. `reload` loads and indexes a new one beside it and
 * swaps only when that succeeded, so a bad edit never replaces a good base and conversations
 * (which keep item ids, not objects) go on undisturbed.
 */
export class KnowledgeService {
  private snapshot: KnowledgeSnapshot;

  private constructor(
    readonly dir: string,
    readonly tokenizer: Tokenizer,
    snapshot: KnowledgeSnapshot,
  ) {
    this.snapshot = snapshot;
  }

  /** Loads and indexes the knowledge in `dir`; throws the loader's error on bad data. */
  static async open(dir: string, tokenizer: Tokenizer): Promise<KnowledgeService> {
    return new KnowledgeService(dir, tokenizer, indexKnowledge(await loadKnowledge(dir), tokenizer));
  }

  /** The snapshot in force. */
  get current(): KnowledgeSnapshot {
    return this.snapshot;
  }

  /** Reloads from disk; on failure the old snapshot stays and the error is thrown. */
  async reload(): Promise<KnowledgeSnapshot> {
    this.snapshot = indexKnowledge(await loadKnowledge(this.dir), this.tokenizer);
    return this.snapshot;
  }
}
