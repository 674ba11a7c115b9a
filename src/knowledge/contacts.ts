import type { KnowledgeBase } from './loader.ts';

function sample(base: KnowledgeBase, value: string): string {
  return base.villagesAreSamples ? `${value}（示例）` : value;
}

/**
 * Where a resident can reach a person: the village station when the village is known, and the
 * town service centre always. Phones of offices, never of residents.
 */
export function whereToReachPeople(base: KnowledgeBase, villageName?: string): string {
  const village = base.villages.find((v) => v.name === villageName);
  const lines: string[] = [];
  if (village) {
    lines.push(`${village.station}：${sample(base, village.phone)}（${village.hours}）`);
  }
  lines.push(`${base.centre.name}：${sample(base, base.centre.phone)}（${base.centre.hours}）`);
  lines.push('12345政务服务热线：24小时');
  return lines.join('\n');
}
