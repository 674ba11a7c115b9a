import { isAddendum } from './addendum.ts';
import { isControlWord, isQuestion } from './form-acts.ts';

/**
 * Readings of a message that the router consults besides the intent: whether it asks about a
 * service, names the resident's own records, asks for someone to come, adds to a report. They are
 * read here, once, so that the router stays a table of conditions on state and understanding.
 */
export interface Cues {
  /** Any question at all ("几点来？", "低保要带什么材料"). */
  question: boolean;
  /** A resident's own bookings or tickets, by number or by name ("T000001办得咋样了", "我的预约"). */
  ownRecords: boolean;
  /** A guide question that also asks for someone to come ("高龄补贴怎么弄…能不能叫人上门"). */
  asksForVisit: boolean;
  /** Asks to book a visit outright ("我要预约", "约代办员上门"). */
  asksToBook: boolean;
  /** Adds to what the resident just reported ("对了忘了说…"). */
  addsToReport: boolean;
  /** Only steers a form ("确认", "算了"), or says there is nothing more ("没有", "没了"). */
  controlWord: boolean;
  /** Praises an agent or the service ("想给她打个好评", "表扬一下吴代办员"). */
  praises: boolean;
}

const NOTHING_MORE = /^(?:没有|没了|没有了|没啥|没什么|没别的|没事|没事了|不用|没有别的)[了啦啊呀哦。.!！~～]*$/;

const OWN_RECORDS = /[TV]\d{6}|我的(投诉|预约|工单)|我(反映|投诉)的/i;
const ASKS_FOR_VISIT = /(能不能|能否|可不可以|可以|叫|派|让).{0,6}(上门|到家里|到我家|来家里|来我家)/;
const ASKS_TO_BOOK = /预约|约.{0,6}上门/;
const PRAISES = /好评|表扬|点赞|夸夸|夸一下|感谢信|锦旗|五星/;

/** Reads the cues of one text. */
export function readCues(text: string): Cues {
  return {
    question: isQuestion(text),
    ownRecords: OWN_RECORDS.test(text),
    asksForVisit: ASKS_FOR_VISIT.test(text),
    asksToBook: ASKS_TO_BOOK.test(text),
    addsToReport: isAddendum(text),
    controlWord: isControlWord(text) || NOTHING_MORE.test(text.trim()),
    praises: PRAISES.test(text),
  };
}
