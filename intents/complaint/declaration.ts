import { phrases, type IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

/** A complaint, report, request or suggestion for the 12345 hotline. */
export const complaint: IntentDeclaration = {
  name: 'complaint',
  description: '投诉、举报、求助、建议，转12345热线',
  triggers: [
    ...phrases(1.3, '投诉', '举报', '反映问题', '反映一下', '我要反映', '曝光'),
    ...phrases(1.1, '不公平', '优亲厚友', '吃拿卡要', '态度差', '态度恶劣', '不作为', '乱收费', '贪污', '克扣', '没人管', '没人修', '没人清', '没人处理', '扰民', '偷排', '乱排', '乱倒', '乱扔', '乱停', '乱占', '乱搭', '违建', '违章', '拖欠', '欠薪', '不给办', /不给(医疗费|医药费|补偿|赔偿|报销)/, '刁难', '推诿', /拒绝(支付|赔|退|处理|维修)|拒不|不给钱|不支付|不赔|不退/),
    ...phrases(0.9, /坏了|破了|塌了|堵了|断了|拆了|倒了|裂了|不亮|停水|停电|漏水|污水|臭气|发臭|异味|发黄|浑浊|水质|拉肚子|变质|噪音|垃圾|脏乱|占道|积水|塌陷|裂缝|隐患|危险|进不来|出不去|臭死|熏得|熏死|臭得|大坑|摔了|电鱼|炸鱼|毒鱼|偷砍|乱砍|偷挖|偷倒|没水|没电|断水|断电|(水|电|气|网)又?停了|稀巴烂|压坏|压烂|歪了|烂了|坑坑洼洼/, '反映', '建议', '太吵', '污染'),
  ],
  // "房子烂了能申请危房改造吗", "墙歪了算危房吗": a question about what one may apply for.
  unless: [/能(不能)?申请|可以申请|能不能办|能办吗|算不算|算.{0,4}吗|申请.{0,10}吗/],
  examples: ['我要投诉噪音扰民', '反映问题垃圾好几天没人清运', '村里的路坏了没人修', '路灯坏了一个多月', '养猪场污水排到河里', '窗口工作人员态度差'],
};

/** Everything the complaint conversation says, in one place. */
export const COMPLAINT_PROMPTS = {
  intro: '好的，我帮您记下来转给12345热线。',
  content: '请说一下是什么问题？说得越清楚越好办。',
  contentInvalid: '请用几句话说说是什么问题，比如"3组路灯坏了一个多月"。',
  village: (names: string) => `在哪个村？（${names}）`,
  villageUnknown: (said: string, names: string) => `没找到"${said}"这个村。玉山镇的村有：${names}。请说村名。`,
  location: '具体在什么地方？比如"3组村口""河边养猪场旁"。',
  locationInvalid: '请写一下具体地点，比如"3组村口"。',
  since: '这个情况从什么时候开始的？不清楚就回复"不清楚"。',
  sinceInvalid: '请说个大概的时间，比如"上个月""三天了""好久了"。',
  contact: '要留姓名和电话，方便办理的部门回访您吗？也可以匿名反映。',
  contactInvalid: '请回复"留联系方式"或"匿名"。',
  name: '请问您怎么称呼？',
  phone: '请留一个手机号，只给办理部门回访用。',
  summaryTitle: '要转给12345热线的内容',
  groupHandoff: '收到，这件事我私聊您细问，个人信息不在群里说。',
  abandoned: '好的，不反映了，什么都没有提交。',
  filed: (id: string) => `已记下，编号${id}。`,
  forwarding: '正在转交12345热线，转交后会告诉您热线工单号；每次办理有进展，我都会在这里告诉您。',
  waitingLocally: '12345热线的对接还没开通，已存进镇里的待办清单，由工作人员转交热线；有进展会告诉您。着急的话也可以直接拨打12345。',
  joined: (id: string) =>
    `这个问题已经有人反映过了（编号${id}）。已把您加为共同反映人，您说的情况也会一并转给热线；有进展会同样告诉您。`,
  photoSaved: (n: number) => `收到${n}张照片，会一起转给热线。`,
  photoTooLarge: '照片太大了（超过10MB），请压缩一下或换一张再发。',
  photoNotImage: '只能收照片，这个文件收不了。',
  detailAdded: (id: string) => `已补充到您刚才反映的问题（编号${id}），会一并转给12345热线。要反映别的事，请说"我要反映问题"。`,
  consultIntro: '好的，把您的问题作为咨询转给12345热线，由有关部门答复您。',
} as const;
