import type { KnowledgeBase } from '../knowledge/loader.ts';
import type { Principal } from './staff-auth.ts';

/**
 * The name a staff reply is signed with in the resident's chat: who she is talking to, by post
 * and name ("岭口村代办员 陈秀英", "玉山镇便民服务中心 王芳").
 */
export function signatureOf(principal: Principal, base: KnowledgeBase): string {
  const account = principal.account;
  if (!account) return `${base.centre.name}工作人员`;
  if (account.role === 'village') return `${account.village ?? ''}代办员 ${account.displayName}`;
  if (account.role === 'town') return `${base.centre.name} ${account.displayName}`;
  return `${base.county}工作人员 ${account.displayName}`;
}
