import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';

export interface ChatModelSettings {
  /** Base URL of an OpenAI-compatible chat API, e.g. "http://127.0.0.1:11434/v1". */
  url: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

/**
 * A chat model behind any OpenAI-compatible API (vLLM, Ollama, a cloud provider): the optional
 * helper of the complaint classifier. One quick try, no retries — the offline rules are the
 * fallback, and a resident should not wait for a second attempt.
 */
export function openAiCompatibleModel(settings: ChatModelSettings): BaseChatModel {
  return new ChatOpenAI({
    model: settings.model,
    // Local model servers accept any key; the OpenAI client insists on having one.
    apiKey: settings.apiKey ?? 'not-needed',
    configuration: { baseURL: settings.url },
    temperature: 0,
    maxTokens: 100,
    timeout: settings.timeoutMs,
    maxRetries: 0,
  });
}
