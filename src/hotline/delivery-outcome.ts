import { parseRetryAfter } from './backoff.ts';

/**
 * What one attempt to hand a request to the hotline came to, per CONTRACT.md: 2xx delivered;
 * 5xx, 408, 429, time-outs and network errors retried; any other answer dead (a staff matter).
 */
export type DeliveryOutcome =
  | { kind: 'delivered'; statusCode: number; ticketNo: string | null }
  | { kind: 'retry'; statusCode: number | null; error: string; retryAfterMs: number | null }
  | { kind: 'dead'; statusCode: number; error: string };

/** How much of an answer is read: a ticket number fits, an HTML error page is cut. */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** Whether a stored status code means "the hotline has decided" (delivered or dead), so only the settling is left. */
export function isFinalStatus(statusCode: number | null): boolean {
  return statusCode !== null && !isRetryableStatus(statusCode) && statusCode >= 200;
}

/** 5xx, 408 and 429 are worth another try; everything else is the hotline's answer. */
export function isRetryableStatus(statusCode: number): boolean {
  return statusCode >= 500 || statusCode === 408 || statusCode === 429;
}

/** Classifies an answer the hotline gave (its body already read, possibly cut). */
export function outcomeOfResponse(statusCode: number, headers: Headers, body: string, now: Date): DeliveryOutcome {
  if (statusCode >= 200 && statusCode < 300) return { kind: 'delivered', statusCode, ticketNo: ticketNoOf(body) };
  const error = `HTTP ${statusCode}${body ? `: ${snippet(body)}` : ''}`;
  if (isRetryableStatus(statusCode)) {
    const retryAfterMs = statusCode === 429 || statusCode === 503 ? parseRetryAfter(headers.get('retry-after'), now) : null;
    return { kind: 'retry', statusCode, error, retryAfterMs };
  }
  return { kind: 'dead', statusCode, error };
}

/** Classifies a request that got no answer: a time-out, a refused or dropped connection. */
export function outcomeOfError(error: unknown): DeliveryOutcome {
  return { kind: 'retry', statusCode: null, error: describeError(error), retryAfterMs: null };
}

/** The ticket number from `{"ticketNo"}`, or null for any other answer (HTML, empty, other JSON). */
export function ticketNoOf(body: string): string | null {
  const text = body.trim();
  if (!text.startsWith('{')) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && 'ticketNo' in parsed) {
      const value = (parsed as { ticketNo: unknown }).ticketNo;
      if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number') return String(value).slice(0, 100);
    }
  } catch {
    // Not JSON after all: delivered without a number.
  }
  return null;
}

/** Reads at most `MAX_ANSWER_BYTES` of an answer's body and lets the rest go. */
export async function readAnswer(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_ANSWER_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    if (size >= MAX_ANSWER_BYTES) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES));
}

/** One line for the outbox's `last_error` and the log: the error, its cause and code. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 300);
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `timed out (${error.name})`;
  const cause = (error as { cause?: unknown }).cause;
  const detail =
    cause instanceof Error ? `: ${(cause as { code?: string }).code ?? cause.name} ${cause.message}` : '';
  return `${error.name}: ${error.message}${detail}`.slice(0, 300);
}

function snippet(body: string): string {
  return body.replace(/\s+/g, ' ').trim().slice(0, 200);
}
