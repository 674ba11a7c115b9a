import type { HandlerResult, IntentHandler } from '../../src/engine/intent.ts';
import { EMERGENCY_FOLLOW_UP_MS } from '../../src/engine/steps/emergency.ts';
import { whereToReachPeople } from '../../src/knowledge/contacts.ts';
import { type EmergencyKind, UNSURE_OF_KIND } from '../../src/nlu/emergency-kinds.ts';
import { ADVICE, MEDICAL_ADVICE, SELF_HARM_REPLY, UNSURE_ILLNESS_ADVICE } from './advice.ts';

/** Every number, for a cry for help that says nothing of what is wrong. */
const ANY_KIND = '120 急救 · 110 报警 · 119 火警';

const AMBULANCE = '120 急救';

/** The phone numbers a line of numbers names ("120 急救，110 报警" → 120, 110). */
function numbersIn(call: string): string[] {
  return call.match(/\d{3,5}/g) ?? [];
}

/** Asking whom to call or tell, or for someone to come. */
const ASKS_WHOM = /通知谁|找谁|叫谁|告诉谁|电话多少|什么电话|哪个电话|谁能来|来个人|来人|来帮|帮忙|干部电话|村里电话|村委电话/;

/** One alert per conversation and kind within this time: a resident's second and third message about the same fire alerts no one again. */
const ALERT_AGAIN_AFTER_MS = 30 * 60_000;

/**
 * Soon after an emergency, a message asking for help that names none of its own ("村里能不能来个人
 * 帮忙"): the numbers of that emergency again, and who nearby can come now.
 */
function followUp(context: Parameters<IntentHandler>[0], kind: EmergencyKind): HandlerResult {
  const call = kind === 'self_harm' ? '心理援助热线 12356，或 110、120' : ADVICE[kind].call;
  const village = context.understanding.entities.find((e) => e.type === 'village')?.value ?? context.session.village ?? context.message.village;
  const people = whereToReachPeople(context.services.knowledge.current.base, village);
  return {
    replies: [{ text: `【紧急】还没打的话，请先打：${call}\n要人马上过来帮忙：先喊隔壁邻居，或打村里的电话：\n${people}` }],
    patch: { lastEmergency: { kind, at: context.now.toISOString() }, ...(village ? { village } : {}) },
  };
}

/**
 * Emergencies get the numbers first and one or two lines of advice for their kind — no ticket, no
 * question, never a form question in the same reply (an open form waits). Where the village's
 * duty contacts take alerts for this kind, they are told too (the commit step sends it through
 * the notification outbox): a neighbour is often closer than the ambulance. What comes soon after
 * and asks for help (the emergency step sends it here) gets who can come now.
 */
export const handleEmergency: IntentHandler = (context) => {
  const reading = context.understanding.emergency;
  const last = context.session.lastEmergency;
  if (!reading.now && last) return followUp(context, last.kind);
  // "我是问村里干部电话！火还在烧", "120打了…村里能不能来个人帮忙": the emergency goes on, and she asks
  // whom to call or for someone to come — who can come now, not a block again (nor another kind's:
  // "抬不动他" once read as violence beside her fallen husband).
  const goingOn = last !== undefined && context.now.getTime() - Date.parse(last.at) < EMERGENCY_FOLLOW_UP_MS;
  if (goingOn && ASKS_WHOM.test(context.text)) return followUp(context, last.kind);
  const kind = kindToAnswer(context);
  const answered = answerEmergency(context, kind);
  return { ...answered, patch: { ...answered.patch, lastEmergency: { kind, at: context.now.toISOString() } } };
};

/**
 * The kind answered: the detector's, except that an injury told in so many words (烫伤, 被狗咬, 噎住)
 * when the kind model is unsure is an ambulance's — "打了119了，有个老人烫伤了手" was read, barely,
 * as violence, and got "记住行凶人的样子".
 */
function kindToAnswer(context: Parameters<IntentHandler>[0]): EmergencyKind {
  const reading = context.understanding.emergency;
  const injury = MEDICAL_ADVICE.some(([words]) => words.test(context.text));
  return injury && !reading.override && reading.kindProbability < UNSURE_OF_KIND ? 'medical' : reading.kind;
}

function answerEmergency(context: Parameters<IntentHandler>[0], kind: EmergencyKind): HandlerResult {
  const { alsoKind, anyKind } = context.understanding.emergency;
  const described = MEDICAL_ADVICE.find(([words]) => words.test(context.text))?.[1];
  if (kind === 'self_harm') return { replies: [{ text: SELF_HARM_REPLY }] };
  if (anyKind) return { replies: [{ text: `【紧急】请马上打电话：${ANY_KIND}\n打通后说清楚在哪里、出了什么事、有没有人受伤。\n打完电话后如需帮助，再来找我。` }] };
  const { call } = ADVICE[kind];
  const runnerUp = alsoKind && alsoKind !== 'self_harm' && alsoKind !== kind ? ADVICE[alsoKind] : undefined;
  // Unsure which kind it is and both are only an ambulance's: advice that fits any of them, not one kind's.
  const unsureWhichIllness = runnerUp !== undefined && call === AMBULANCE && runnerUp.call === AMBULANCE;
  const advice = (kind === 'medical' || unsureWhichIllness ? described : undefined) ?? (unsureWhichIllness ? UNSURE_ILLNESS_ADVICE : ADVICE[kind].advice);
  // Unsure which kind it is: the runner-up's numbers too, unless every one of them is given already.
  const given = numbersIn(call);
  const also = runnerUp && numbersIn(runnerUp.call).some((n) => !given.includes(n)) ? `\n情况不同的话也可以打：${runnerUp.call}` : '';
  const replies = [{ text: `【紧急】请马上打电话：${call}${also}\n${advice}\n打完电话后如需帮助，再来找我。` }];
  const village = context.understanding.entities.find((e) => e.type === 'village')?.value ?? context.session.village ?? context.message.village;
  const last = context.session.lastAlert;
  const alertedAlready = last !== undefined && last.kind === kind && context.now.getTime() - Date.parse(last.at) < ALERT_AGAIN_AFTER_MS;
  if (!village || alertedAlready) return { replies };
  return {
    replies,
    events: [{ kind: 'duty_alert', village, emergency: kind, said: context.text, at: context.now.toISOString() }],
    patch: { lastAlert: { kind, at: context.now.toISOString() } },
  };
}
