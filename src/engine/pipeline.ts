import type { StepDependencies } from './engine-dependencies.ts';
import type { SessionStore } from './session-store.ts';
import { commit } from './steps/commit.ts';
import { dedupe } from './steps/dedupe.ts';
import { deliver } from './steps/deliver.ts';
import { dispatch } from './steps/dispatch.ts';
import { emergency } from './steps/emergency.ts';
import { floodLimit } from './steps/flood-limit.ts';
import { groupGate } from './steps/group-gate.ts';
import { handoffGate } from './steps/handoff-gate.ts';
import { inputGuard } from './steps/input-guard.ts';
import { route } from './steps/route.ts';
import { session } from './steps/session.ts';
import { understand } from './steps/understand.ts';
import type { Step } from './turn.ts';

/**
 * Every step a message passes, in order: this list is the engine. Each step is a small named
 * function in `steps/`; adding one (a human-handoff gate, a staff-takeover check) is one line here.
 *
 *   dedupe → group gate → flood limit → input guard → session (locked, loaded once)
 *   → understand (choice, classifier, retrieval, entities: once) → emergency
 *   → handoff gate (a person holds this conversation: the bot stays quiet, emergencies aside)
 *   → route (pure: state + understanding → decision) → dispatch (the intent's handler)
 *   → commit (the session patch, saved once; the events) → deliver (where each reply goes)
 */
export function pipeline(deps: StepDependencies & { store: SessionStore }): Step[] {
  return [
    dedupe(deps),
    groupGate(deps),
    floodLimit(deps),
    inputGuard(),
    session(deps),
    understand(deps),
    emergency(deps),
    handoffGate(deps),
    route(),
    dispatch(deps),
    commit(deps),
    deliver(),
  ];
}
