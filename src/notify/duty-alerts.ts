import type { Database } from '../store/database.ts';
import type { KnowledgeService } from '../knowledge/knowledge-service.ts';
import type { EmergencyKind } from '../nlu/emergency-kinds.ts';
import { maskPersonalNumbers } from '../personal-numbers.ts';
import type { Roster } from '../visits/roster.ts';
import { enqueueNotification, type Recipient } from './notification-outbox.ts';

/** An emergency to tell a village's duty contacts of: where, what kind, the resident's words, when. */
export interface DutyAlert {
  kind: 'duty_alert';
  village: string;
  emergency: EmergencyKind;
  said: string;
  at: string;
}

/** How each kind is named to the duty contact. */
const KIND_NAMES: Record<EmergencyKind, string> = {
  fire: '着火',
  gas: '燃气泄漏',
  carbon_monoxide: '一氧化碳中毒',
  electric: '触电或电线掉落',
  medical: '有人受伤或急病',
  stroke: '疑似中风',
  heart: '疑似心脏病发作',
  poisoning: '中毒',
  drowning: '有人落水',
  rescue: '有人被困',
  traffic: '车祸有人受伤',
  violence: '有人打人行凶',
  intrusion: '有人闯入',
  missing_child: '孩子走失',
  missing_elder: '老人走失',
  disaster: '洪水或塌方有人被困',
  fraud: '诈骗正在进行',
  self_harm: '有人想轻生',
};

/** "11月25日 14:05" in Asia/Shanghai. */
function shanghaiTime(iso: string): string {
  const at = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getUTCMonth() + 1}月${at.getUTCDate()}日 ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
}

/**
 * Tells a village's duty contacts (`duty` in knowledge/villages.yaml: the agent, the village head)
 * of an emergency reported there, through the notification outbox: the village, the kind, the
 * time and the resident's own words with every phone and ID number masked (the contact may sit in
 * a group chat). Off unless the village's `duty.alerts` is true, and only for its `duty.kinds`.
 */
export class DutyAlerts {
  constructor(
    private readonly db: Database,
    private readonly knowledge: KnowledgeService,
    private readonly roster: Roster,
  ) {}

  /** Queues the alert for each reachable contact; returns how many were queued. */
  async raise(alert: DutyAlert): Promise<number> {
    const village = this.knowledge.current.base.villages.find((v) => v.name === alert.village);
    const duty = village?.duty;
    if (!duty?.alerts || !duty.kinds.includes(alert.emergency)) return 0;
    const when = shanghaiTime(alert.at);
    const said = maskPersonalNumbers(alert.said.trim()).slice(0, 120);
    const text = `【紧急提醒】${alert.village}有村民报告：${KIND_NAMES[alert.emergency]}（${when}）。\n原话："${said}"\n已请他马上拨打急救电话。您在附近的话请去看看能不能帮上忙。`;
    let queued = 0;
    for (const recipient of await this.recipients(duty.contacts)) {
      await enqueueNotification(this.db, recipient, [{ text }], new Date(alert.at));
      queued++;
    }
    return queued;
  }

  private async recipients(contacts: NonNullable<NonNullable<(typeof this.knowledge.current.base.villages)[number]['duty']>['contacts']>): Promise<Recipient[]> {
    const found: Recipient[] = [];
    for (const contact of contacts) {
      if ('agent' in contact) {
        const link = (await this.roster.get(contact.agent))?.link;
        if (link) found.push(link);
      } else found.push({ channel: contact.channel, chat: contact.chat, user: contact.user ?? contact.chat });
    }
    return found;
  }
}
