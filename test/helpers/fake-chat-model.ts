import Fastify from 'fastify';

/** What the fake model does with the next requests. */
export type FakeModelReply =
  /** Answers with this text as the assistant's message. */
  | { content: string }
  /** Answers with this HTTP status and an error body. */
  | { status: number }
  /** Answers nothing for this long (longer than the client waits). */
  | { hangMs: number };

/** A request the fake received: the messages the client sent. */
export interface ChatRequest {
  model: string;
  authorization: string | undefined;
  messages: { role: string; content: string }[];
}

export interface FakeChatModel {
  /** Base URL to give as CHAT_MODEL_URL (ends in /v1). */
  url: string;
  requests: ChatRequest[];
  /** Sets how the next requests are answered. */
  reply(next: FakeModelReply): void;
  close(): Promise<void>;
}

/**
 * A fake OpenAI-compatible chat API (POST /v1/chat/completions), the shape local model servers
 * such as vLLM and Ollama offer: records what it is asked and answers as told.
 */
export async function startFakeChatModel(): Promise<FakeChatModel> {
  const app = Fastify();
  const requests: ChatRequest[] = [];
  let next: FakeModelReply = { content: '{}' };
  const timers = new Set<NodeJS.Timeout>();

  app.post<{ Body: { model: string; messages: ChatRequest['messages'] } }>('/v1/chat/completions', async (request, reply) => {
    requests.push({ model: request.body.model, authorization: request.headers.authorization, messages: request.body.messages });
    const answer = next;
    if ('status' in answer) return reply.code(answer.status).send({ error: { message: 'model server trouble', type: 'server_error' } });
    if ('hangMs' in answer) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, answer.hangMs);
        timers.add(timer);
      });
    }
    const content = 'content' in answer ? answer.content : '{}';
    return {
      id: `chatcmpl-${requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.body.model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    };
  });

  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `${address}/v1`,
    requests,
    reply: (reply) => {
      next = reply;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      await app.close();
    },
  };
}
