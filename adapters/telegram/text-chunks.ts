/** Telegram's limit on one message's text. */
export const MAX_MESSAGE_LENGTH = 4096;

/**
 * Cuts a long reply into messages Telegram accepts, at line breaks where possible, so that a
 * complete guide in a private chat is never refused for its length.
 */
export function splitText(text: string, max = MAX_MESSAGE_LENGTH): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const breakAt = rest.lastIndexOf('\n', max);
    const cut = breakAt > max / 2 ? breakAt : max;
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.length > 0) chunks.push(rest);
  return chunks;
}
