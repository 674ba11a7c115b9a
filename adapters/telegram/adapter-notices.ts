/**
 * The few sentences the Telegram adapter says on its own, where Telegram has something the
 * engine never sees (a sticker, a deep link, a private chat that must be opened first). Kept
 * together so that the wording is reviewed like the engine's prompts.
 */
export const NOTICES = {
  /** Voice, stickers, locations, files: the engine reads only text and photos. */
  unsupported: '我只看得懂文字和图片。请打字告诉我想办什么事，比如"低保怎么申请"。',
  /** A photo that could not be fetched from Telegram (too large, network), sent without words. */
  photoLost: '这张图片我没能收到，请再发一次，或用文字说明。',
  /** In a group: the personal part waits until the resident opens the private chat. */
  openPrivateChat: '这条内容含个人信息，不在群里发。请点下面的按钮私聊我查看。',
  /** The label of the deep-link button that opens the private chat. */
  privateChatButton: '私聊我',
  /** The label of the deep-link button under a conversation moved out of a group. */
  continueButton: '去私聊继续',
  /** A deep link opened the private chat: the conversation goes on here. */
  welcomePrivate: '您好！我们在这里接着办，有什么直接发给我。',
} as const;
