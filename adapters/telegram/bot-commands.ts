import { encodeDirective } from '../../src/engine/directive.ts';

/**
 * What each slash command means to the engine: the directive that starts its intent (Telegram
 * users expect commands; the engine takes them as it takes the help menu's buttons). `/start` is
 * handled apart (a deep link carries a payload); alone it greets with the menu.
 */
export const COMMAND_TEXT: Readonly<Record<string, string>> = {
  start: encodeDirective({ kind: 'intent', intent: 'help' }),
  help: encodeDirective({ kind: 'intent', intent: 'help' }),
  status: encodeDirective({ kind: 'intent', intent: 'status' }),
  cancel: encodeDirective({ kind: 'intent', intent: 'cancel' }),
};

/** The commands shown in Telegram's menu (setMyCommands), in the order shown. */
export const COMMAND_MENU: readonly { command: string; description: string }[] = [
  { command: 'help', description: '我能帮您办什么' },
  { command: 'status', description: '查我的预约和投诉' },
  { command: 'cancel', description: '取消正在填的或已有的预约' },
];

/** A command at the start of a message: `/name@bot payload`. */
export interface BotCommand {
  name: string;
  /** The bot the command names after `@`, if any. */
  target?: string;
  /** Everything after the command (a `/start` deep-link payload). */
  payload: string;
}

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/;

/**
 * Reads a command at the very start of a message. Telegram marks it with a `bot_command`
 * entity, but the text alone says the same, so messages relayed without entities work too.
 */
export function parseCommand(text: string): BotCommand | undefined {
  const match = COMMAND.exec(text.trim());
  if (!match) return undefined;
  return { name: match[1]!.toLowerCase(), ...(match[2] ? { target: match[2] } : {}), payload: (match[3] ?? '').trim() };
}

/** The text the engine gets for a command; unknown commands open the menu. */
export function commandText(command: BotCommand): string {
  return COMMAND_TEXT[command.name] ?? COMMAND_TEXT.help!;
}
