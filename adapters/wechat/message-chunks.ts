/**
 * The longest text sent as one WeChat message. WeChat takes more, but a long block is hard to
 * read on an old phone, and one long message is still one send against the account's limits.
 */
export const MAX_MESSAGE_CHARS = 1500;

/**
 * Packs reply texts into as few WeChat messages as fit (blank line between replies), cutting a
 * text that is too long at line breaks. Fewer sends look less like a bot to WeChat's
 * anti-spam, which bans personal accounts for bursts.
 */
export function packTexts(texts: readonly string[], max = MAX_MESSAGE_CHARS): string[] {
  const pieces = texts.map((t) => t.trim()).filter(Boolean).flatMap((t) => cut(t, max));
  const messages: string[] = [];
  for (const piece of pieces) {
    const last = messages.at(-1);
    if (last !== undefined && last.length + 2 + piece.length <= max) messages[messages.length - 1] = `${last}\n\n${piece}`;
    else messages.push(piece);
  }
  return messages;
}

function cut(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const breakAt = rest.lastIndexOf('\n', max);
    const at = breakAt > max / 2 ? breakAt : max;
    parts.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).replace(/^\n+/, '');
  }
  if (rest) parts.push(rest);
  return parts;
}
