import { describe, expect, it } from 'vitest';
import { GroupAllowList } from '../../adapters/wechat/group-allow-list.ts';
import { packTexts } from '../../adapters/wechat/message-chunks.ts';
import { planReplies } from '../../adapters/wechat/reply-plan.ts';
import { planDelivery, SENT_PRIVATELY } from '../../src/deliver.ts';
import type { Reply } from '../../src/message.ts';
import { maskPersonalNumbers } from '../../src/personal-numbers.ts';
import { ReconnectBackoff } from '../../adapters/wechat/reconnect-backoff.ts';
import { acceptsFriendRequest } from '../../adapters/wechat/friend-requests.ts';

const group = (askerIsFriend: boolean) => ({ askerIsFriend, friendKeyword: '办事' });

/** The engine's delivery for a WeChat chat, then what the adapter makes of it. */
function plan(replies: Reply[], chatType: 'private' | 'group', options: { askerIsFriend: boolean; friendKeyword: string }) {
  return planReplies(planDelivery(replies, chatType, { buttons: false, privateReplies: chatType === 'private' || options.askerIsFriend }), options);
}

describe('what the WeChat adapter sends where', () => {
  it('packs a batch of replies into one message, with buttons as numbered lines', () => {
    const packed = plan([{ text: '好的。' }, { text: '请选：', buttons: [{ label: '材料', value: 'm' }, { label: '地点', value: 'p' }] }], 'private', group(true));
    expect(packed).toEqual({ chat: ['好的。\n\n请选：\n1. 材料\n2. 地点'], direct: [] });
  });

  it('sends private replies to a friend directly and leaves a neutral note in the group', () => {
    const sent = plan([{ text: '您的预约：电话13800001234', private: true }], 'group', group(true));
    expect(sent.direct).toEqual(['您的预约：电话13800001234']);
    expect(sent.chat).toEqual([SENT_PRIVATELY]);
  });

  it('withholds private replies from a stranger and tells how to become a friend', () => {
    const withheld = plan([{ text: '您的预约：电话13800001234', private: true }], 'group', group(false));
    expect(withheld.direct).toEqual([]);
    expect(withheld.chat[0]).toContain('不在群里发');
    expect(withheld.chat[0]).toContain('验证消息写"办事"');
    expect(withheld.chat.join()).not.toContain('1380000');
  });

  it('adds the friend hint to a hand-off only for a stranger', () => {
    const handoff: Reply[] = [{ text: '我已私聊您。', privateHandoff: true }];
    expect(plan(handoff, 'group', group(true)).chat).toEqual(['我已私聊您。']);
    expect(plan(handoff, 'group', group(false)).chat[0]).toContain('请加我为好友后私聊');
    expect(plan(handoff, 'group', { askerIsFriend: false, friendKeyword: '' }).chat[0]).toContain('请加我为好友后私聊。');
  });

  it('masks mobile and ID numbers in a group but keeps office landlines', () => {
    expect(maskPersonalNumbers('咨询电话0579-84560101，联系人13800001234，身份证11010519491231002X')).toBe(
      '咨询电话0579-84560101，联系人138****34，身份证110****2X',
    );
    // With the country code, in full-width digits, and an ID number with a wrong check digit.
    expect(maskPersonalNumbers('+8613812345678')).toBe('+86****78');
    expect(maskPersonalNumbers('电话１３８１２３４５６７８')).toBe('电话138****78');
    expect(maskPersonalNumbers('身份证110105194912310021')).toBe('身份证110****21');
  });

  it('cuts a text that is too long for one message at line breaks', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `第${i}行`.padEnd(60, '。'));
    const parts = packTexts([lines.join('\n')], 1500);
    expect(parts.length).toBe(2);
    expect(parts.every((p) => p.length <= 1500)).toBe(true);
    expect(parts.join('\n')).toBe(lines.join('\n'));
  });
});

describe('WeChat groups, friends and reconnects', () => {
  it('matches allow-listed groups by room id or topic, with their village', () => {
    const groups = new GroupAllowList({ '岭口村村民群': '岭口村', 'abc@chatroom': '玉峰村' }, ['abc@chatroom']);
    expect(groups.match({ id: 'x@chatroom', topic: ' 岭口村村民群 ' })).toEqual({ village: '岭口村', autoAnswer: false });
    expect(groups.match({ id: 'abc@chatroom', topic: '改了名的群' })).toEqual({ village: '玉峰村', autoAnswer: true });
    expect(groups.match({ id: 'y@chatroom', topic: '广场舞' })).toBeUndefined();
  });

  it('accepts a friend request only with the keyword', () => {
    expect(acceptsFriendRequest('我是岭口村的，想办事', '办事')).toBe(true);
    expect(acceptsFriendRequest('你好', '办事')).toBe(false);
    expect(acceptsFriendRequest('办事', '')).toBe(false);
  });

  it('doubles the reconnect wait up to the cap and starts over after a login', () => {
    const backoff = new ReconnectBackoff({ baseMs: 5000, maxMs: 30_000 });
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([5000, 10_000, 20_000, 30_000, 30_000]);
    backoff.reset();
    expect(backoff.next()).toBe(5000);
  });
});
