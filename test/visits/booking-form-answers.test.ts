import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, startTestServer, type TestServer, textOf } from '../helpers/test-server.ts';

// Wednesday 2026-11-25, 10:00 in Shanghai: "明天" is Thursday the 26th.
const clock = fixedClock('2026-11-25T02:00:00Z');
let bot: TestServer;

beforeAll(async () => {
  bot = await startTestServer({}, undefined, clock);
});
afterAll(async () => {
  await bot.close();
});


describe('booking form: every answer goes where it belongs', () => {
  it('never stores a name and age as the relation, nor 确认 as the address; 老头子 is the spouse', async () => {
    const [start, , nameAndAge, village, time, phone, confirm, item, confirmAgain, summary] = await bot.talk(
      'f-old-man',
      '我屋里老头子80了走不动 能不能别人代办',
      '帮家人',
      '他叫王根土 82岁',
      '岭口村',
      '明天上午',
      '13857901234',
      '确认',
      '高龄津贴',
      '确认',
      '2组5号',
    );
    // 老头子 and "80了": booking for the spouse, age known; only the item is missing.
    expect(start).toContain('办哪件事');
    for (const answer of [nameAndAge, village, time, phone, confirm]) expect(answer).toContain('办哪件事');
    expect(item).toContain('哪个组');
    expect(confirmAgain).toContain('这一步要填"详细地址"');
    expect(confirmAgain).toContain('哪个组');
    for (const part of ['您是办事人的：配偶', '办事人姓名：王根土', '年龄：82岁', '联系电话：13857901234', '村：岭口村', '详细地址：2组5号']) {
      expect(summary).toContain(part);
    }
    expect(summary).not.toContain('详细地址：确认');
  });

  it('asks the relation again when the answer is a name and an age, and fills those', async () => {
    const [, relation, nameAndAge, spouse] = await bot.talk('f-relation', '我要预约代办员上门办高龄津贴', '帮家人', '他叫王根土 82岁', '老伴');
    expect(relation).toContain('您是办事人的什么人');
    expect(nameAndAge).toContain('您是办事人的什么人');
    // Name and age were taken: the next question is the phone.
    expect(spouse).toContain('联系电话');
    const summary = (await bot.talk('f-relation', '13857901111', '岭口村', '4组2号', '明天下午'))[3]!;
    expect(summary).toContain('您是办事人的：配偶');
    expect(summary).toContain('办事人姓名：王根土');
    expect(summary).toContain('年龄：82岁');
  });

  it('takes a correction at the summary together with its new value ("地址写错了，是2组18号")', async () => {
    const one = '我叫张桂兰，电话13800001234，岭口村3组，想约明天上午代办员上门办高龄津贴，我82岁腿脚不便';
    const [, address] = await bot.talk('f-fix-address', one, '等下，地址写错了，是2组18号');
    expect(address).toContain('请核对');
    expect(address).toContain('详细地址：2组18号');
    const [, name] = await bot.talk('f-fix-name', one, '名字写错了，是陈阿宝');
    expect(name).toContain('办事人姓名：陈阿宝');
  });

  it('keeps a slot the resident says is right ("电话没错"), goes back to the summary on "不改了", and takes 孙子涵 as a name', async () => {
    const one = '我叫张桂兰，电话13800001234，岭口村3组，想约明天上午代办员上门办高龄津贴，我82岁腿脚不便';
    const [, right, change, back] = await bot.talk('f-no-change', one, '电话没错', '修改', '不改了');
    expect(right).toContain('联系电话：13800001234');
    expect(change).toContain('改哪一项');
    expect(back).toContain('请核对');
    expect(back).toContain('联系电话：13800001234');
    const [named] = await bot.talk('f-sun', '我叫孙子涵，电话13800001235，岭口村3组，想约明天上午代办员上门办高龄津贴，我82岁腿脚不便');
    expect(named).toContain('办事人姓名：孙子涵');
  });

  it('understands dialect words for a daughter ("我是她闺女")', async () => {
    const [, , relation] = await bot.talk('f-guinv', '俺娘今年82了腿脚不利索，想办高龄津贴，能不能叫代办员上门', '帮家人', '我是她闺女');
    expect(relation).not.toContain('什么人');
    expect(relation).toContain('办事人');
  });

  it('takes a relation word as the relation, never as the name, and then the real name', async () => {
    const answers = await bot.talk(
      'f-daughter',
      '帮我约个代办员 我妈瘫在床上 想办残疾证 玉峰村',
      '女儿',
      '78',
      '陈凤仙',
      '13800001111',
      '3组',
      '明天下午',
    );
    expect(answers[0]).toContain('多大年纪');
    // "女儿" answers whom, not how old: taken as the relation, and the question stands.
    expect(answers[1]).toContain('多大年纪');
    expect(answers[1]).not.toContain('年龄的数字');
    expect(answers[2]).toContain('叫什么名字');
    expect(answers[3]).toContain('联系电话');
    const summary = answers[6]!;
    expect(summary).toContain('您是办事人的：女儿');
    expect(summary).toContain('办事人姓名：陈凤仙');
  });

  it('does not take a relation word at the name question as the name', async () => {
    const [asked, daughter, name] = await bot.talk('f-name-relation', '帮我妈约代办员上门办残疾人证，她78岁', '女儿', '李秀英');
    expect(asked).toContain('叫什么名字');
    expect(daughter).toContain('叫什么名字');
    expect(daughter).not.toContain('名字好像没写对');
    expect(name).toContain('联系电话');
    const summary = (await bot.talk('f-name-relation', '13800002323', '中湖村', '1组3号', '明天下午'))[3]!;
    expect(summary).toContain('您是办事人的：女儿');
    expect(summary).toContain('办事人姓名：李秀英');
  });

  it('understands "我八十五了" and asks nothing the message already said', async () => {
    const [summary] = await bot.talk('f-hu', '能不能叫代办员明天上午来我家 我八十五了 办高龄补贴 月坑村2组8号 电话13905792222 我叫胡老三');
    expect(summary).toContain('请核对');
    expect(summary).not.toContain('多大年纪');
    for (const part of ['高龄津贴申领', '给自己约', '年龄：85岁', '胡老三', '13905792222', '月坑村', '2组8号', '11月26日（周四）', '上午']) {
      expect(summary).toContain(part);
    }
  });

  it('takes "老头子80了" as booking for the spouse, aged 80', async () => {
    const [forWhom, next] = await bot.talk('f-spouse', '我要预约代办员上门办高龄津贴', '老头子80了');
    expect(forWhom).toContain('自己约');
    expect(next).toContain('办事人（老人）叫什么名字');
    const summary = (await bot.talk('f-spouse', '王根木', '13800004545', '林宅村', '2组9号', '明天上午'))[4]!;
    expect(summary).toContain('给谁约：帮家里人约');
    expect(summary).toContain('您是办事人的：配偶');
    expect(summary).toContain('年龄：80岁');
  });

  it('offers the items an ambiguous answer may mean as numbered choices, and takes the number', async () => {
    const user = { userId: 'f-choices' };
    await bot.say('我要预约代办员上门', user);
    const offered = await bot.say('残疾人两项补贴', user);
    expect(textOf(offered)).toContain('哪一项');
    const labels = offered.replies.at(-1)!.buttons!.map((b) => b.label);
    expect(labels).toEqual(expect.arrayContaining(['重度残疾人护理补贴申请', '困难残疾人生活补贴申请']));
    const chosen = labels.indexOf('困难残疾人生活补贴申请') + 1;
    expect(textOf(await bot.say(String(chosen), user))).toContain('自己约');
    const summary = (await bot.talk('f-choices', '自己', '66', '王小明', '13800005656', '方塘村', '3组1号', '明天上午')).at(-1)!;
    expect(summary).toContain('办理事项：困难残疾人生活补贴申请');
  });

  it('takes "自己" said before the question and goes on; at the summary 修改 → 电话 asks the phone, 确认 in the menu confirms', async () => {
    const [, self, item] = await bot.talk('f-self-early', '我要预约代办员上门', '自己', '高龄津贴');
    expect(self).toContain('办哪件事');
    expect(item).toContain('您今年多大年纪');
    const summary = (await bot.talk('f-self-early', '83', '郑阿婆', '13800006767', '孔畈村', '5组6号', '明天上午')).at(-1)!;
    expect(summary).toContain('请核对');
    const [menu, phone, changed] = await bot.talk('f-self-early', '修改', '电话', '13900006767');
    expect(menu).toContain('要改哪一项');
    expect(phone).toContain('联系电话');
    expect(changed).toContain('联系电话：13900006767');
    const [againMenu, done] = await bot.talk('f-self-early', '修改', '确认');
    expect(againMenu).toContain('要改哪一项');
    expect(done).toMatch(/预约成功！编号V\d{6}/);
  });

  it('understands common words in the change menu: 名字, 时间, 地址, 村', async () => {
    const user = 'f-menu-words';
    await bot.talk(user, '我叫蒋玉凤，电话13800007878，张村村2组，想约明天上午代办员上门办高龄津贴，我84岁');
    expect((await bot.talk(user, '修改', '名字'))[1]).toContain('叫什么名字');
    expect((await bot.talk(user, '蒋玉芬'))[0]).toContain('办事人姓名：蒋玉芬');
    expect((await bot.talk(user, '修改', '时间'))[1]).toContain('哪天');
    expect((await bot.talk(user, '后天', '下午'))[1]).toContain('11月27日（周五）');
    expect((await bot.talk(user, '地址错了'))[0]).toContain('哪个组');
    expect((await bot.talk(user, '3组4号'))[0]).toContain('详细地址：3组4号');
    expect((await bot.talk(user, '修改', '村'))[1]).toContain('哪个村');
  });

  it('turns down a 45-year-old without a qualifying circumstance before asking any personal detail', async () => {
    const answers = await bot.talk('f-young', '我要预约代办员上门办高龄津贴', '自己', '45', '没有');
    expect(answers[1]).toContain('多大年纪');
    expect(answers[2]).toContain('有没有残疾');
    expect(answers[3]).toContain('45岁还不在内');
    for (const answer of answers) {
      expect(answer).not.toContain('叫什么名字');
      expect(answer).not.toContain('联系电话');
      expect(answer).not.toContain('哪个组');
    }
  });
});

describe('reschedule form: 取消预约 cancels the booking', () => {
  async function booked(userId: string, details: string): Promise<string> {
    await bot.say(details, { userId });
    const answer = textOf(await bot.say('确认', { userId }));
    return /V\d{6}/.exec(answer)![0];
  }

  it('asks whether to cancel the visit and cancels it with the button', async () => {
    const user = { userId: 'f-resched-cancel' };
    const id = await booked(user.userId, '我叫杨桂珍，电话13800008989，珍溪村1组，想约明天上午代办员上门办高龄津贴，我88岁');
    await bot.say('我的预约', user);
    expect(textOf(await bot.say('改到下礼拜一', user))).toContain('上午还是下午');
    const asked = await bot.say('取消预约', user);
    expect(textOf(asked)).toContain(`要取消预约${id}`);
    expect(textOf(asked)).not.toContain('预约时间不变');
    expect(asked.replies[0]!.buttons!.map((b) => b.label)).toEqual(['取消这个预约', '不取消，时间不变']);
    expect(textOf(await bot.say('1', user))).toContain(`已取消预约${id}`);
    expect(textOf(await bot.say('我的预约', user))).toContain('已取消');
  });

  it('keeps the visit when the resident says not to cancel', async () => {
    const user = { userId: 'f-resched-keep' };
    const id = await booked(user.userId, '我叫柳秀梅，电话13800009090，元里村1组，想约明天下午代办员上门办高龄津贴，我87岁');
    await bot.say('我要改时间', user);
    expect(textOf(await bot.say('不要上门了', user))).toContain(`要取消预约${id}`);
    expect(textOf(await bot.say('2', user))).toContain(`预约${id}不变`);
    expect(textOf(await bot.say('我的预约', user))).toContain('已预约');
  });
});
