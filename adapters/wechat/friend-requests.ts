/**
 * Whether a friend request is accepted: its greeting (验证消息) contains the configured keyword
 * (WECHAT_FRIEND_KEYWORD). Residents are told the word in the group, so strangers and
 * marketing accounts, which would put the account at risk, are not added. An empty keyword
 * accepts none: staff then accept by hand on the phone.
 */
export function acceptsFriendRequest(hello: string | undefined, keyword: string): boolean {
  if (!keyword) return false;
  return (hello ?? '').toLowerCase().includes(keyword.toLowerCase());
}
