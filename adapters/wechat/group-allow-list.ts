/** How the bot behaves in one allow-listed group. */
export interface GroupPolicy {
  /** The village the group belongs to, so that "我们村" means it. */
  village: string;
  /** Answer a clear service question even without an @-mention. */
  autoAnswer: boolean;
}

/**
 * Which WeChat groups the bot serves (WECHAT_GROUPS: topic or room id → village) and in which
 * of them it answers clear service questions unasked (WECHAT_AUTO_ANSWER_GROUPS). The bot is
 * often added to groups by anyone; everything said in a group not on the list is ignored.
 * Room ids are matched first, because a topic can be renamed by any member.
 */
export class GroupAllowList {
  private readonly autoAnswer: Set<string>;

  constructor(
    private readonly groups: Readonly<Record<string, string>>,
    autoAnswer: readonly string[],
  ) {
    this.autoAnswer = new Set(autoAnswer.map((name) => name.trim()));
  }

  /** The policy for a room, or undefined when the bot must stay out of it. */
  match(room: { id: string; topic: string }): GroupPolicy | undefined {
    const topic = room.topic.trim();
    const key = room.id in this.groups ? room.id : topic in this.groups ? topic : undefined;
    if (key === undefined) return undefined;
    return {
      village: this.groups[key]!,
      autoAnswer: this.autoAnswer.has(room.id) || this.autoAnswer.has(topic) || this.autoAnswer.has(key),
    };
  }
}
