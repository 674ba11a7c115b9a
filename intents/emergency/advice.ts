import type { EmergencyKind } from '../../src/nlu/emergency-kinds.ts';

/** What to say for one kind of emergency: the numbers to call, first, and one or two lines of first advice. */
export interface Advice {
  /** The numbers, in the order to call them, with what they are. */
  call: string;
  /** Standard public first-aid and safety guidance, one or two short lines. */
  advice: string;
}

/**
 * The words for each kind (fire 119; injuries and illness 120; violence, break-ins and the missing
 * 110; floods and landslides with people trapped 119 and 110; a fraud in progress 110 and 96110).
 * The advice is what public first-aid guidance gives; nothing here replaces the dispatcher on the line.
 */
export const ADVICE: Record<Exclude<EmergencyKind, 'self_harm'>, Advice> = {
  fire: { call: '119 火警', advice: '先把人带到屋外安全的地方，别回去拿东西；烟大就弯腰、捂住口鼻往外走。' },
  gas: { call: '119 火警', advice: '先关燃气阀、开窗通风；不要开关电灯电器、不要点火，人到屋外再打电话。' },
  carbon_monoxide: { call: '120 急救', advice: '可能是煤气（一氧化碳）中毒：马上开窗开门通风，把人抬到屋外空气新鲜的地方；别在屋里点火、开电器。' },
  electric: { call: '120 急救，电线掉地上打 95598 供电抢修', advice: '先拉闸断电，或用干木棍、竹竿把电线挑开，千万别用手拉人；掉在地上的电线人要离开10米以上。' },
  medical: { call: '120 急救', advice: '流血的用干净的布用力按住伤口；摔伤的别随便搬动，尤其摔到头和脖子的。' },
  stroke: { call: '120 急救', advice: '可能是中风：记下发病的时间；让他躺下、头偏向一边，不要喂水喂药、不要给吃东西。' },
  heart: { call: '120 急救', advice: '可能是心脏病发作：让他马上停下来，坐着或半躺着别走动，解开衣领；没了呼吸会做心肺复苏的马上做。' },
  poisoning: { call: '120 急救', advice: '把吃下去的药瓶、农药瓶或剩下的食物带上给医生看；人昏迷的让他侧躺，别乱喂东西。' },
  drowning: { call: '120 急救，110 报警', advice: '大声喊人来帮忙；不会水别下去，递竹竿、绳子或能漂浮的东西；救上来没呼吸的马上做心肺复苏。' },
  rescue: { call: '119 消防，120 急救', advice: '别冒险进去或硬拉，喊话安慰他、等救援到；把周围的人疏散开。' },
  traffic: { call: '120 急救，122 交通事故报警（或110）', advice: '开双闪、在车后面放警示，人站到路边安全的地方；伤员别随便挪动。' },
  violence: {
    call: '110 报警，有人受伤再打 120',
    advice: '先保护好自己，躲到安全的地方，别上前硬拦；记住行凶人的样子和去向。不方便出声打电话的，发短信到 12110 报警（写清在哪里、出了什么事）；家里人动手的，事后也可以打妇联维权热线 12338。',
  },
  intrusion: { call: '110 报警', advice: '别和他硬碰，锁好房门躲好，大声喊邻居；记住他的样子和去向。' },
  missing_child: { call: '110 报警（不用等24小时）', advice: '叫邻居分头找，先找水边、井边、路边；准备好孩子的照片，记下穿的衣服。' },
  missing_elder: { call: '110 报警（不用等24小时）', advice: '叫邻居分头找常去的地方、路口、水边和山路；准备好照片，记下穿的衣服。' },
  disaster: { call: '119 消防，110 报警', advice: '往高处、往结实的楼上撤，别蹚急水，别靠近山脚、河边和危墙。' },
  fraud: { call: '110 报警，或反诈专线 96110', advice: '马上停止转账，别给任何人验证码；钱已经转出去的，马上打银行客服电话冻结。' },
};

/**
 * Within "medical" the first aid differs by what happened: the advice for what the message
 * mentions, the general advice otherwise. (The kind decides the numbers; this only picks the words.)
 */
export const MEDICAL_ADVICE: [RegExp, string][] = [
  [/狗咬|猫咬|猫抓|被咬|蛇咬|毒蛇/, '被狗咬的用肥皂水和清水冲洗伤口15分钟，尽快去打狂犬疫苗；被蛇咬的别乱动、别用嘴吸，记住蛇的样子。'],
  [/烫|开水|热水|烧伤|烫伤|油溅/, '烫伤的马上用流动的凉水冲15到20分钟，别涂牙膏酱油，起的泡别挑破。'],
  [/噎|卡住|卡在喉咙|咳不出/, '被东西卡住喘不上气的，从背后抱住他，一手握拳顶在肚脐上方，用力向上向里冲压，直到吐出来。'],
  [/抽筋|抽搐|惊厥|翻白眼|口吐白沫/, '抽搐的让他侧躺、头偏向一边，移开身边的硬东西，别往嘴里塞东西，别按住手脚，记下抽了多久。'],
];

/** For someone taken ill when it is unclear how (a collapse: a stroke, the heart, fumes?): what holds for all of them. */
export const UNSURE_ILLNESS_ADVICE = '守在他身边别走开；叫不醒的让他侧躺、头偏向一边，别喂水喂药；屋里有煤气味或烧炭的先开窗通风。';

/** Said to someone who says she wants to die: spoken to, with the crisis line, not handed a list. */
export const SELF_HARM_REPLY =
  '您愿意说出来，我很在意您。请马上打心理援助热线 12356（也可以打 110 或 120），再叫一个家里人或邻居来陪着您。您不是一个人，我也一直在这儿。';
