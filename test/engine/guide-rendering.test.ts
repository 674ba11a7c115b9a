import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, textOf, type TestServer } from '../helpers/test-server.ts';

let bot: TestServer;
beforeAll(async () => {
  bot = await startTestServer();
});
afterAll(async () => {
  await bot.close();
});

const group = (userId: string) => ({ userId, chatId: 'rendering-group', chatType: 'group' as const, mentioned: true });
const DRAFT = /（这份指南县里还没有正式确认，办理前可先打0579-\d+（示例）问一下。）$/;

describe('honest guide answers through the web channel', () => {
  it('the whole guide in private gives an exempt material with its condition, who comes, 法定 with its basis, and ends with the draft line', async () => {
    const overview = await bot.say('低保怎么申请啊', { userId: 'render-p1' });
    expect(overview.itemId).toBe('dibao');
    expect(textOf(overview)).toMatch(DRAFT);
    const answer = await bot.say('全部', { userId: 'render-p1' });
    expect(answer.itemId).toBe('dibao');
    const text = textOf(answer);
    expect(text).toContain('户口簿：不用带，工作人员系统查询；查不到的需带原件');
    expect(text).toContain('· 谁来办：这项可以由村代办员帮办代办');
    expect(text.match(/具体以窗口审核为准/g)).toHaveLength(1);
    expect(text).toContain('法定时限：自受理之日起30个工作日内办结，特殊情况可延长至45个工作日');
    expect(text).toContain('（依据《最低生活保障审核确认办法》（民发〔2021〕57号））');
    expect(text).not.toContain('2026-11-01');
    expect(text).toMatch(DRAFT);
  });

  it('a group answer about the materials carries the same condition and ends with the draft line', async () => {
    const answer = await bot.say('低保要带什么材料', group('render-g1'));
    expect(answer.itemId).toBe('dibao');
    const text = textOf(answer);
    expect(text).toContain('【最低生活保障申请】需要带的材料');
    expect(text).toContain('户口簿：不用带，工作人员系统查询；查不到的需带原件');
    expect(text).toMatch(DRAFT);
  });

  it('a private answer about a death tells the family they may declare it, never that 本人 must come, in the overview and the whole guide', async () => {
    const overview = await bot.say('家里老人去世了，户口怎么注销', { userId: 'render-p2' });
    expect(overview.itemId).toBe('siwang-hukou-zhuxiao');
    expect(textOf(overview)).toContain('· 谁来办：这项可以由家属代为办理（由家属、户主、亲属或村（居）委会申报注销）');
    expect(textOf(overview)).not.toMatch(/需要?本人到/);
    const answer = await bot.say('全部', { userId: 'render-p2' });
    const text = textOf(answer);
    expect(text).toContain('· 谁来办：这项可以由家属代为办理（由家属、户主、亲属或村（居）委会申报注销）');
    expect(text).not.toMatch(/需要?本人到/);
    expect(text).toContain('《居民死亡医学证明》');
    expect(text).not.toContain('村卫生室或镇卫生院的医生出具');
    expect(text).toMatch(DRAFT);
  });

  it('a group answer about a death says relatives may do it, within about six lines', async () => {
    const answer = await bot.say('家里老人去世了，户口怎么注销', group('render-g2'));
    expect(answer.itemId).toBe('siwang-hukou-zhuxiao');
    const text = textOf(answer);
    expect(text).toContain('办理：可由家属代办；');
    expect(text).not.toMatch(/需要?本人到/);
    expect(text.split('\n').length).toBeLessThanOrEqual(6);
    expect(text).toMatch(DRAFT);
  });

  it('in a group, a question on 代办 for legal aid names who may apply for someone instead of 本人', async () => {
    const answer = await bot.say('法律援助家里人能代办吗', group('render-g3'));
    expect(answer.itemId).toBe('falv-yuanzhu');
    const text = textOf(answer);
    expect(text).toContain('可以由家属代为办理');
    expect(text).toContain('《中华人民共和国法律援助法》第四十条');
  });

  it('the short answer lists only what everyone brings: no 户口迁移证 for a move within the province', async () => {
    const answer = await bot.say('户口迁移怎么办', group('render-g4'));
    expect(answer.itemId).toBe('hukou-qianyi');
    const line = textOf(answer).split('\n').find((l) => l.startsWith('主要材料：'))!;
    expect(line).not.toContain('户口迁移证');
  });
});
