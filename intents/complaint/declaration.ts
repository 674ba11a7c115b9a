import type { IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

/** A complaint, report, request or suggestion for the 12345 hotline. */
export const complaint: IntentDeclaration = {
  name: 'complaint',
  description: '投诉、举报、求助、建议，转12345热线',
};

/** Everything the complaint conversation says, in one place. */
export const COMPLAINT_PROMPTS = {
  intro: '好的，我帮您记下来转给12345热线。',
  /** Asked who fixes it or where to report it ("路灯坏了找谁修"): the answer first, then the report she may decline. */
  introAsked: '这类问题可以反映给12345热线，由有关部门派人处理，我可以帮您转过去；只是先问问，回复"取消"就行。',
  content: '请说一下是什么问题？说得越清楚越好办。',
  contentInvalid: '请用几句话说说是什么问题，比如"3组路灯坏了一个多月"。',
  village: (names: string) => `在哪个村？（${names}）`,
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
  photoTooMany: (most: number) => `一次反映最多收${most}张照片，多的没有收。`,
  photoOverQuota: '今天收您的照片已经够多了，这张没有收。用文字把情况说清楚，一样能办。',
  photoStoreFull: '照片暂时存不下了，这张没有收。用文字把情况说清楚，一样能办。',
  detailAdded: (id: string) => `已补充到您反映的问题（编号${id}），会一并转给12345热线。要反映别的事，请说"我要反映问题"。`,
  secondMatter: (said: string) => `您还说到另一件事："${said}"。要也反映这件事吗？`,
  consultIntro: '好的，把您的问题作为咨询转给12345热线，由有关部门答复您。',
} as const;
