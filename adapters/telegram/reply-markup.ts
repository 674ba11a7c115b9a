import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Button } from '../../src/message.ts';

/** Telegram's limit on `callback_data`. */
const CALLBACK_DATA_MAX_BYTES = 64;
/** Short choices ("确认" "修改" "取消") sit side by side, three to a row; longer ones get a row each. */
const SHORT_LABEL = 6;
const PER_ROW = 3;

/**
 * What a button sends back when tapped: its value when that fits Telegram's 64 bytes (so an old
 * message's button still means what it said), else its number, which the engine reads as the
 * choice among the buttons it offered last.
 */
export function callbackData(button: Button, index: number): string {
  return Buffer.byteLength(button.value, 'utf8') <= CALLBACK_DATA_MAX_BYTES ? button.value : String(index + 1);
}

/** A deep link that opens the private chat with the bot and sends it `/start <payload>`. */
export function deepLink(botUsername: string, payload: string): string {
  return `https://t.me/${botUsername}?start=${encodeURIComponent(payload)}`;
}

/** A keyboard of one URL button (the deep link into the private chat). */
export function linkKeyboard(label: string, url: string): InlineKeyboardMarkup {
  return { inline_keyboard: [[{ text: label, url }]] };
}

/**
 * The engine's choices as an inline keyboard: tapping one answers with a callback query
 * instead of a typed message, so elderly residents need not type "确认".
 */
export function choiceKeyboard(buttons: readonly Button[]): InlineKeyboardMarkup {
  const keys: InlineKeyboardButton[] = buttons.map((button, index) => ({ text: button.label, callback_data: callbackData(button, index) }));
  const perRow = buttons.every((b) => [...b.label].length <= SHORT_LABEL) ? PER_ROW : 1;
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < keys.length; i += perRow) rows.push(keys.slice(i, i + perRow));
  return { inline_keyboard: rows };
}
