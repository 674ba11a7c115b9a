import { describe, expect, it } from 'vitest';
import { overrideFor } from '../../src/nlu/emergency-overrides.ts';

describe('the safety overrides beside the emergency detector', () => {
  it('takes someone coming at people with a weapon as violence, whatever happened before', () => {
    for (const text of ['他之前喝了酒，拿刀追我', '我老公喝了酒又拿刀追我', '拎着斧头在院子里砍人', '隔壁那个疯子举着锄头冲过来了', '救命\n在村口\n有人拿刀追着砍人', '拿了把刀追我', '村里那个喝醉了的疯子王老三拿着菜刀追人']) {
      expect(overrideFor(text)?.kind, text).toBe('violence');
    }
  });

  it('leaves a weapon in the past, a habit, a kitchen or a question of law to the model', () => {
    for (const text of [
      '他之前拿刀追过我',
      '他拿刀追过我',
      '去年他拿刀追我',
      '他经常拿棍子打狗',
      '菜刀怎么磨',
      '拿刀切菜切到手了',
      '我想问一下拿刀追人的该怎么判',
      '我老公喝醉了拿刀追过我，能起诉离婚吗',
      '做了个恶梦 有人拿刀追我',
      '说她们厂门口有人拿刀砍人 还上新闻了',
      '隔壁拿斧头劈柴太吵了，天天早上五点',
      '拿柴刀砍柴的时候砍到手了，医保能报销吗',
    ]) {
      expect(overrideFor(text), text).toBeUndefined();
    }
  });

  it('takes someone down and not getting up as an ambulance case, whatever happened before', () => {
    for (const text of ['我爸倒在地上，以前也摔过', '我妈晕倒了 叫不醒', '老头子倒在地上了', '我爸晕倒了叫不醒，叫救护车能报销吗']) expect(overrideFor(text)?.kind, text).toBe('medical');
  });

  it('leaves a collapse in the past, told once before, or asked about for a benefit to the model', () => {
    for (const text of [
      '上次我妈晕倒了，现在想办残疾证',
      '我妈晕倒过两次',
      '我妈晕倒好几次了',
      '我爸中风后一直昏迷，能不能申请护理补贴',
      '去年我爸倒在地上没人管',
      '我爸昨天晕倒了，现在在医院，想问下陪护假',
      '老头子上午晕倒了 120来拉走的 明天出院',
      '我在看电视剧 里头那个女的晕过去了',
      '电瓶车轮胎没气了，哪里可以打气',
      '村口那棵大树倒在地上了',
      '吵得我差点晕过去',
      '一个人住，怕哪天晕倒了都没人知道',
    ]) {
      expect(overrideFor(text), text).toBeUndefined();
    }
  });
});
