import type { EngineServices, IntentContext } from '../intent.ts';
import type { Directive } from '../directive.ts';
import type { Session } from '../session.ts';
import type { Turn } from '../turn.ts';

/** The read-only context a handler gets for a turn. */
export function contextOf(deps: { services: EngineServices }, turn: Turn, session: Session, directive?: Directive): IntentContext {
  const understanding = turn.understanding!;
  return {
    message: turn.message,
    text: understanding.text,
    session,
    understanding,
    services: deps.services,
    now: turn.now,
    ...(directive ? { directive } : {}),
  };
}
