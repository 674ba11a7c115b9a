import { Document } from '@langchain/core/documents';
import { BaseRetriever } from '@langchain/core/retrievers';
import { renderFull } from './render.ts';
import type { Retriever } from './retriever.ts';

/**
 * The knowledge retriever behind LangChain's `BaseRetriever` interface, so that an optional
 * chat model chain can use the same retrieval as the rule-based answers.
 */
export class KnowledgeRetriever extends BaseRetriever {
  lc_namespace = ['cunban', 'knowledge'];

  constructor(
    private readonly retriever: Retriever,
    private readonly limit = 3,
  ) {
    super();
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    const { hits, confidence } = this.retriever.retrieve(query, this.limit);
    return hits.map(
      (hit) =>
        new Document({
          pageContent: renderFull(hit.item),
          metadata: { id: hit.item.id, name: hit.item.name, department: hit.item.department, score: hit.score, confidence },
        }),
    );
  }
}
