import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, startTestServer, type TestServer, textOf } from '../helpers/test-server.ts';

// Phrasings residents used with the bot that it once got wrong, through the web channel.
let bot: TestServer;
let n = 0;
beforeAll(async () => {
  bot = await startTestServer({}, undefined, fixedClock('2026-11-25T02:00:00Z'));
});
afterAll(async () => {
  await bot.close();
});

/** Each message from a new resident, so no conversation carries over. */
const ask = (text: string) => bot.say(text, { userId: `phrasing-${++n}` });

describe('what residents actually write', () => {
  it('takes every way of telling an emergency as one, with the right number first', async () => {
    const cases: [string, string][] = [
      ['有个小孩掉水塘里了', '120'],
      ['他喝了农药', '120'],
      ['我老公又打我了', '110'],
      ['老伴突然说不出话 半边身子动不了', '中风'],
      ['车撞了人 躺在地上不动', '120'],
      ['被狗咬了 流了好多血', '狂犬疫苗'],
      ['救命', '120'],
      ['房子塌了 有人压在下面', '119'],
      // Something that has just happened stays an emergency whatever else the message says.
      ['厨房煤气漏了，要是炸了咋办啊', '119'],
      ['我爸又中风了，嘴歪了说不出话，以前也犯过一次', '中风'],
      ['我老公喝了酒又拿刀追我', '110'],
      ['快来人啊，我家老头从楼梯上滚下来了，头上全是血', '120'],
      ['我妈一口气吞了一整瓶降压药', '120'],
      ['村里那个电线杆歪了，电线都耷拉到地上了，小孩在旁边玩', '95598'],
      // A past or habitual word elsewhere in the message does not take back what happens now.
      ['他之前喝了酒，拿刀追我', '110'],
      ['我爸倒在地上，以前也摔过', '120'],
      ['隔壁在打架，经常这样', '110'],
      ['后山着火，火很大，容易烧到房子', '119'],
      ['有人在打人，我要举报', '110'],
      ['我妈想不开，要喝农药', '120'],
    ];
    for (const [message, expected] of cases) {
      const answer = await ask(message);
      expect(answer.intent, message).toBe('emergency');
      expect(textOf(answer), message).toContain(expected);
    }
    expect((await ask('你打我电话吧')).intent).not.toBe('emergency');
    expect((await ask('我想死你们了')).intent).not.toBe('emergency');
    expect((await ask('邻居经常打架，吵得睡不着')).intent).not.toBe('emergency');
    // A past injury is a complaint; poverty "活不下去" asks for help with money.
    // (reported to 12345, or asked whether to: it is a legal-aid question too)
    const injury = await ask('去年在工地受伤了，老板不给医疗费');
    expect(injury.intent).not.toBe('emergency');
    expect(textOf(injury)).toContain('12345');
    const poor = await ask('家里穷得活不下去了，有啥补助能申请');
    expect(poor.intent).toBe('guide');
    expect(textOf(poor)).not.toContain('110');
  });

  it('answers a resident who says she does not want to live with care and the crisis line, not a list of numbers', async () => {
    const answer = await ask('我不想活了');
    expect(answer.intent).toBe('emergency');
    expect(textOf(answer)).toContain('12356');
    expect(textOf(answer)).not.toContain('火警');
  });

  it('takes problems told plainly as reports for 12345', async () => {
    for (const message of ['隔壁养猪场臭死了 天天熏得吃不下饭', '村口马路上有个大坑 好几个人骑电瓶车摔了', '河里有人电鱼', '自来水又停了 三天了', '俺们村那条水泥路被大车压得稀巴烂，晓得伐']) {
      const answer = await ask(message);
      expect(answer.intent, message).toBe('complaint');
      expect(textOf(answer), message).toContain('12345');
    }
  });

  it('shows her report when she asks how it is going, instead of starting a new one', async () => {
    const user = { userId: 'phrasing-follow-up' };
    await bot.say('玉峰村3组的路灯坏了，我叫吴阿姨，电话13800009999', user);
    let reply = textOf(await bot.say('上个月', user));
    if (!reply.includes('请核对')) reply = textOf(await bot.say('村口', user));
    const filed = textOf(await bot.say('确认', user));
    const id = /T\d{6}/.exec(filed)![0];
    for (const message of ['我反映的路灯咋样了', '催一下']) {
      const answer = await bot.say(message, user);
      expect(answer.intent, message).toBe('status');
      expect(textOf(answer), message).toContain(id);
    }
    // The list offers each ticket by number; "1" shows it in full.
    const detail = textOf(await bot.say('1', user));
    expect(detail).toContain(`${id}【城乡建设/`);
    expect(detail).toContain('反映的事：玉峰村3组的路灯坏了');
    expect(detail).toContain('状态：已登记');
  });

  it('answers "T000001办得咋样了" in the middle of a new report, and drops the report on "算了，…不要了，撤回吧"', async () => {
    const user = { userId: 'phrasing-mid-form' };
    await bot.say('浮牌村4组垃圾桶满了好几天没人清运，匿名', user);
    const id = /T\d{6}/.exec(textOf(await bot.say('确认', user)))![0];
    expect(textOf(await bot.say('村口的路灯也坏了', user))).toContain('12345');
    const status = await bot.say(`${id}办得咋样了`, user);
    expect(status.intent).toBe('status');
    expect(textOf(status)).toContain(`${id}【城乡建设`);
    expect(textOf(await bot.say('算了，那个投诉我不要了，撤回吧', user))).toContain('什么都没有提交');
  });

  it('adds "对了忘了说…" right after a report to that report and forwards it as an update', async () => {
    const user = { userId: 'phrasing-addendum' };
    await bot.say('元里村2组垃圾桶满了好几天没人清运，匿名', user);
    const id = /T\d{6}/.exec(textOf(await bot.say('确认', user)))![0];
    const added = textOf(await bot.say('对了忘了说，垃圾桶旁边还有死老鼠，苍蝇一大堆', user));
    expect(added).toContain(`已补充到您反映的问题（编号${id}）`);
    const updates = await bot.server.db.selectFrom('hotline_outbox').select(['id', 'body']).where('ticket_id', '=', id).orderBy('id').execute();
    expect(updates.map((u) => u.id)).toEqual([id, `${id}-u1`]);
    expect(JSON.parse(updates[1]!.body)).toMatchObject({ kind: 'update', content: '对了忘了说，垃圾桶旁边还有死老鼠，苍蝇一大堆' });
    // A second problem, a withdrawal or a phone number is not added to it.
    for (const message of ['对了忘了说，我家门口的路灯也坏了', '对了忘了说，不用处理了', '补充一下我电话是13812345678']) {
      expect(textOf(await bot.say(message, user)), message).not.toContain('已补充');
    }
    // Someone who reported nothing lately starts a new report with such words.
    expect(textOf(await ask('忘了说，村口的桥栏杆断了'))).not.toContain('已补充');
  });

  it('answers the amount of a benefit from the FAQ, never with the cost of applying', async () => {
    const amount = textOf(await ask('低保一个月多少钱'));
    expect(amount).toContain('问：低保一个月能拿多少？');
    expect(amount).not.toContain('不收费');
    expect(textOf(await ask('老年证坐公交免费吗'))).not.toMatch(/^【老年人优待证办理】费用：不收费/);
    expect(textOf(await ask('身份证补办多少钱'))).toContain('工本费');
    expect(textOf(await ask('120救护车的费用医保能报吗'))).not.toMatch(/^【医疗费用零星报销】费用：/);
  });

  it('in a web group, sends what is personal to her own chat and tells the group so', async () => {
    const user = 'phrasing-group-booking';
    await bot.say('我叫张桂兰，电话13800001234，岭口村3组，想约明天上午代办员上门办高龄津贴，我82岁腿脚不便', { userId: user });
    await bot.say('确认', { userId: user });
    const inGroup = textOf(await bot.say('我的预约', { userId: user, chatId: 'lingkou-web-group', chatType: 'group' }));
    expect(inGroup).toContain('已私聊发给您');
    expect(inGroup).not.toContain('V0');
    const inbox = await bot.inbox(user);
    expect(inbox.find((m) => m.text.includes('您的预约'))).toMatchObject({ chatId: user });
  });

  it('asks a resident who posted her ID number in a group to recall it, and never repeats it', async () => {
    const answer = textOf(await bot.say('我身份证330727195001011234 低保申请怎么还没批下来', { userId: 'phrasing-id', chatId: 'lingkou-web-group', chatType: 'group' }));
    expect(answer).toContain('撤回');
    expect(answer).not.toContain('330727195001011234');
  });

  it('says it does not know a question about something it has no item for, instead of answering from the last item', async () => {
    const user = { userId: 'phrasing-unknown-after' };
    await bot.say('残疾证怎么办', user);
    expect(textOf(await bot.say('要带什么', user))).toContain('【残疾人证办理】');
    const other = textOf(await bot.say('摩托车上牌在哪办', user));
    expect(other).toContain('没找到有把握的答案');
    expect(other).not.toContain('【残疾人证办理】');
  });

  it('answers a service named by its full catalogue name from that service, however like another it sounds', async () => {
    for (const [name, item] of [
      ['城乡居民基本医疗保险参保登记', 'jumin-yibao-canbao'],
      ['城乡居民基本养老保险待遇申领', 'jumin-yanglao-daiyu'],
      ['城乡居民基本养老保险参保登记要带啥', 'jumin-yanglao-canbao'],
    ]) {
      expect((await ask(name!)).itemId, name).toBe(item);
    }
  });

  it('finds the item behind filler, village names and everyday words', async () => {
    expect((await ask('喂喂 听得到吗 我是岭口村的 残疾证过期了要带什么')).itemId).toBe('canjiren-zheng');
    expect((await ask('医保卡丢了')).itemId).toBe('shebaoka-buhuan');
    expect((await ask('人死了户口怎么销')).itemId).toBe('siwang-hukou-zhuxiao');
    // Typos of pinyin input and voice typing.
    expect((await ask('底保咋申请')).itemId).toBe('dibao');
    expect((await ask('残急证在哪里办')).itemId).toBe('canjiren-zheng');
    expect((await ask('社宝卡丢了咋补')).itemId).toBe('shebaoka-buhuan');
  });

  it('gives the people to ask when asked for the agent’s phone or the centre’s hours, instead of booking a visit', async () => {
    for (const message of ['我们村代办员电话多少', '便民服务中心在哪里', '周六便民中心开门吗']) {
      const answer = await ask(message);
      expect(answer.intent, message).toBe('human');
      expect(textOf(answer), message).toContain('便民服务中心');
    }
  });

  it('books a visit when a guide question also asks for someone to come', async () => {
    const answer = await ask('你好你好 我想问问 我八十三了 一个人住 高龄补贴要怎么弄 我不会弄手机 能不能叫人上门');
    expect(answer.intent).toBe('visit');
    expect(textOf(answer)).toContain('村代办员能上门帮办代办');
  });

  it('takes "叫他别来了" as cancelling, but "我家低保怎么被取消了" as a question, not a cancellation', async () => {
    const user = { userId: 'phrasing-cancel' };
    await bot.say('我叫李秀梅，电话13800004321，岭口村5组，想约明天下午代办员上门办高龄津贴，我86岁', user);
    expect(textOf(await bot.say('确认', user))).toContain('预约成功');
    const cancelling = await bot.say('后天我有事 叫他别来了', user);
    expect(cancelling.intent).toBe('cancel');
    expect(textOf(cancelling)).toContain('取消');
    const question = await ask('我家低保怎么被取消了');
    expect(question.intent).not.toBe('cancel');
    expect(textOf(question)).not.toContain('没有待上门的预约');
  });

  it('answers a service question that speaks of danger as the question it is, without an alarm', async () => {
    for (const message of ['救命啊这个低保怎么这么难办', '我爸去年中风了，现在能申请护理补贴吗']) {
      const answer = await ask(message);
      expect(answer.intent, message).toBe('guide');
      expect(textOf(answer), message).not.toContain('【紧急】');
      expect(answer.itemId, message).not.toBeNull();
    }
    for (const message of ['这是我的救命钱，养老金什么时候发', '火灾保险怎么买', '手机掉水里了，健康码怎么弄']) expect((await ask(message)).intent, message).not.toBe('emergency');
    expect((await ask('着火了怎么办')).intent).toBe('emergency');
  });

  it('keeps questions about applying, and 取消/撤回/怎么样了 in other senses, what they are', async () => {
    for (const message of ['去年摔了一跤，现在能申请残疾证吗', '墙歪了算危房吗', '取消低保资格后还能再申请吗', '高龄津贴怎么样了？我想知道什么条件']) {
      expect((await ask(message)).intent, message).toBe('guide');
    }
  });

  it('keeps questions that merely contain a rating or change word what they are', async () => {
    expect((await ask('一般多久能办好低保')).intent).toBe('guide');
    expect((await ask('请问残疾证上门评定要带什么材料')).intent).toBe('guide');
    const group = textOf(await bot.say('我是３组的，路灯坏了', { userId: 'phrasing-fullwidth', chatId: 'lingkou-web-group', chatType: 'group' }));
    expect(group).not.toContain('撤回');
  });

  it('says you are welcome to thanks instead of "帮不上忙"', async () => {
    expect(textOf(await ask('谢谢你啊'))).toContain('不客气');
    expect(textOf(await ask('明天天气怎么样'))).toContain('帮不上忙');
  });
});
