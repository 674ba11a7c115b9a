import { phrases, type IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

/** A complaint, report, request or suggestion for the 12345 hotline. */
export const complaint: IntentDeclaration = {
  name: 'complaint',
  description: '投诉、举报、求助、建议，转12345热线',
  triggers: [
    ...phrases(1.3, '投诉', '举报', '反映问题', '反映一下', '我要反映', '曝光'),
    ...phrases(1.1, '不公平', '优亲厚友', '吃拿卡要', '态度差', '态度恶劣', '不作为', '乱收费', '贪污', '克扣', '没人管', '没人修', '没人清', '没人处理', '扰民', '偷排', '乱排', '乱倒', '乱扔', '违建', '违章', '拖欠', '欠薪', '不给办', '刁难', '推诿'),
    ...phrases(0.9, /坏了|破了|塌了|堵了|停水|停电|漏水|污水|臭气|噪音|垃圾|脏乱|占道|积水/, '反映', '建议', '太吵', '污染'),
  ],
  examples: ['我要投诉噪音扰民', '反映问题垃圾好几天没人清运', '村里的路坏了没人修', '路灯坏了一个多月', '养猪场污水排到河里', '窗口工作人员态度差'],
};
