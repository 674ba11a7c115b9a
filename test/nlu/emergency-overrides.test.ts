import { describe, expect, it } from 'vitest';
import { overrideFor } from '../../src/nlu/emergency-overrides.ts';

describe('the safety overrides beside the emergency detector', () => {
  it('takes someone coming at people with a weapon as violence, whatever happened before', () => {
    for (const text of ['他之前喝了酒，拿刀追我', '我老公喝了酒又拿刀追我', '拎着斧头在院子里砍人', '隔壁那个疯子举着锄头冲过来了']) {
      expect(overrideFor(text)?.kind, text).toBe('violence');
    }
  });

  it('leaves a weapon in the past, a habit, a kitchen or a question of law to the model', () => {
    for (const text of ['他之前拿刀追过我', '去年他拿刀追我', '他经常拿棍子打狗', '菜刀怎么磨', '拿刀切菜切到手了', '我想问一下拿刀追人的该怎么判']) {
      expect(overrideFor(text), text).toBeUndefined();
    }
  });

  it('takes someone down and not getting up as an ambulance case, whatever happened before', () => {
    for (const text of ['我爸倒在地上，以前也摔过', '我妈晕倒了 叫不醒', '老头子倒在地上了']) expect(overrideFor(text)?.kind, text).toBe('medical');
  });

  it('leaves a collapse in the past, told once before, or asked about for a benefit to the model', () => {
    for (const text of ['上次我妈晕倒了，现在想办残疾证', '我妈晕倒过两次', '我爸中风后一直昏迷，能不能申请护理补贴', '去年我爸倒在地上没人管']) {
      expect(overrideFor(text), text).toBeUndefined();
    }
  });
});
