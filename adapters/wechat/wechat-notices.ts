/**
 * What the WeChat adapter itself says, apart from the engine's replies: WeChat-specific turns
 * (a message type it cannot read, the way to the private chat) that the engine knows nothing of.
 */
export const WECHAT_NOTICES = {
  /** Answer in a private chat to voice, stickers, files, locations, mini-programs, links… */
  unsupportedType: '我只看得懂文字和图片。请打字告诉我想办什么事，比如"低保怎么申请"；反映问题可以发照片。',
} as const;

/**
 * The hint that lets a resident who is not the bot's friend get to the private chat: a personal
 * WeChat account can only write privately to friends. Names the keyword that is accepted
 * automatically, when there is one.
 */
export function addFriendHint(keyword: string): string {
  return keyword ? `请加我为好友后私聊（验证消息写"${keyword}"，我会自动通过）。` : '请加我为好友后私聊。';
}
