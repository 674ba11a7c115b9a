import { describe, expect, it } from 'vitest';
import type { Message } from 'grammy/types';
import { parseCommand } from '../../adapters/telegram/bot-commands.ts';
import { readInboundMedia } from '../../adapters/telegram/inbound-media.ts';
import { readInboundText } from '../../adapters/telegram/inbound-text.ts';
import { PrivateHandoffs } from '../../adapters/telegram/private-handoffs.ts';
import { callbackData, choiceKeyboard } from '../../adapters/telegram/reply-markup.ts';
import { splitText } from '../../adapters/telegram/text-chunks.ts';

const me = { id: 666, username: 'CunbanBot' };
const group = { id: -1, type: 'supergroup' as const, title: '村民群' };
const from = { id: 7, is_bot: false as const, first_name: '王' };

function message(fields: Partial<Message>): Message {
  return { message_id: 1, date: 1, chat: group, from, ...fields } as Message;
}

describe('reading a Telegram message', () => {
  it('sees an @mention by entity or by text, case-insensitively, and takes it out of the words', () => {
    const byEntity = readInboundText(message({ text: '@CunbanBot 低保怎么申请', entities: [{ type: 'mention', offset: 0, length: 10 }] }), me);
    expect(byEntity).toMatchObject({ text: '低保怎么申请', mentioned: true });
    expect(readInboundText(message({ text: '请问@cunbanbot，老年证在哪办' }), me)).toMatchObject({ text: '请问 ，老年证在哪办', mentioned: true });
    expect(readInboundText(message({ text: '@CunbanBotFan 你好' }), me).mentioned).toBe(false);
    expect(readInboundText(message({ text: '低保怎么申请' }), me).mentioned).toBe(false);
  });

  it('counts a text mention of a user without a username, and a reply to the bot', () => {
    const textMention = message({ text: '小助手 在吗', entities: [{ type: 'text_mention', offset: 0, length: 3, user: { id: 666, is_bot: true, first_name: '小助手' } }] });
    expect(readInboundText(textMention, me).mentioned).toBe(true);
    const reply = message({ text: '要带什么', reply_to_message: { message_id: 9, date: 1, chat: group, from: { id: 666, is_bot: true, first_name: 'b' } } as Message['reply_to_message'] });
    expect(readInboundText(reply, me).mentioned).toBe(true);
  });

  it('turns commands into what the engine takes from its own menu and leaves other bots’ commands alone', () => {
    expect(readInboundText(message({ text: '/help' }), me)).toMatchObject({ text: '#go:help', mentioned: true });
    expect(readInboundText(message({ text: '/status@CunbanBot' }), me)).toMatchObject({ text: '#go:status', mentioned: true });
    expect(readInboundText(message({ text: '/cancel' }), me).text).toBe('#go:cancel');
    expect(readInboundText(message({ text: '/start' }), me).text).toBe('#go:help');
    expect(readInboundText(message({ text: '/weather' }), me).text).toBe('#go:help');
    expect(readInboundText(message({ text: '/help@OtherBot' }), me)).toMatchObject({ mentioned: false, forAnotherBot: true });
    expect(parseCommand('/start pAbc_12-x')).toEqual({ name: 'start', payload: 'pAbc_12-x' });
  });

  it('reads a photo caption as the words and picks the largest photo size that fits', () => {
    const photo = [
      { file_id: 'big', file_unique_id: 'b', width: 2560, height: 1920, file_size: 30_000_000 },
      { file_id: 'small', file_unique_id: 's', width: 90, height: 67, file_size: 1_000 },
      { file_id: 'mid', file_unique_id: 'm', width: 1280, height: 960, file_size: 200_000 },
    ];
    const withCaption = message({ photo, caption: '@CunbanBot 路灯坏了', caption_entities: [{ type: 'mention', offset: 0, length: 10 }] });
    expect(readInboundText(withCaption, me)).toMatchObject({ text: '路灯坏了', mentioned: true });
    expect(readInboundMedia(withCaption, 10 * 1024 * 1024)).toEqual({ kind: 'picture', picture: { fileId: 'mid', mimeType: 'image/jpeg', size: 200_000 } });
    const document = message({ document: { file_id: 'd', file_unique_id: 'du', mime_type: 'image/png', file_size: 5 } });
    expect(readInboundMedia(document, 100)).toMatchObject({ kind: 'picture', picture: { fileId: 'd', mimeType: 'image/png' } });
    const pdf = message({ document: { file_id: 'p', file_unique_id: 'pu', mime_type: 'application/pdf' } });
    expect(readInboundMedia(pdf, 100)).toEqual({ kind: 'unsupported' });
    expect(readInboundMedia(message({ text: 'hi' }), 100)).toEqual({ kind: 'none' });
  });
});

describe('writing replies for Telegram', () => {
  it('puts a button’s value in callback_data when it fits 64 bytes, else its number', () => {
    expect(callbackData({ label: '确认', value: '确认' }, 0)).toBe('确认');
    expect(callbackData({ label: '长', value: '很'.repeat(22) }, 2)).toBe('3');
    const keyboard = choiceKeyboard([{ label: '确认', value: '确认' }, { label: '修改', value: '修改' }, { label: '取消', value: '取消' }, { label: '电话', value: '#section:phone' }]);
    expect(keyboard.inline_keyboard.map((row) => row.length)).toEqual([3, 1]);
    const long = choiceKeyboard([{ label: 'V000123【高龄津贴申领】11月26日（周四）上午', value: '#do:visit:reschedule:V000123' }]);
    expect(long.inline_keyboard).toEqual([[{ text: 'V000123【高龄津贴申领】11月26日（周四）上午', callback_data: '#do:visit:reschedule:V000123' }]]);
  });

  it('splits a long reply at line breaks into messages Telegram accepts', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `第${i + 1}行：${'材料'.repeat(10)}`);
    const parts = splitText(lines.join('\n'));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts.join('\n')).toBe(lines.join('\n'));
    expect(splitText('x'.repeat(5000)).map((p) => p.length)).toEqual([4096, 904]);
  });

  it('releases held private replies only to the resident they belong to, once, and not after they expire', () => {
    let now = 0;
    const held = new PrivateHandoffs({ ttlMs: 1000, max: 2, now: () => now });
    const key = held.hold('7', [{ text: '您的预约：V000001', private: true }]);
    expect(held.release(key, '8')).toBeUndefined();
    expect(held.release(key, '7')).toEqual([{ text: '您的预约：V000001', private: true }]);
    expect(held.release(key, '7')).toBeUndefined();
    const late = held.hold('7', [{ text: 'x' }]);
    now = 2000;
    expect(held.release(late, '7')).toBeUndefined();
    const a = held.hold('1', []);
    held.hold('2', []);
    held.hold('3', []);
    expect(held.release(a, '1')).toBeUndefined();
  });
});
