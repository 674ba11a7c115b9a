import type { FormType } from '../src/engine/form.ts';
import type { IntentRegistry } from '../src/engine/intent.ts';
import { cancel } from './cancel/declaration.ts';
import { handleCancel } from './cancel/handler.ts';
import { complaint } from './complaint/declaration.ts';
import { handleComplaint, resumeComplaint } from './complaint/handler.ts';
import { COMPLAINT_FORM } from './complaint/slots.ts';
import { emergency } from './emergency/declaration.ts';
import { handleEmergency } from './emergency/handler.ts';
import { feedback } from './feedback/declaration.ts';
import { handleFeedback } from './feedback/handler.ts';
import { RATING_FORM } from './feedback/rating-form.ts';
import { guide } from './guide/declaration.ts';
import { handleGuide } from './guide/handler.ts';
import { help } from './help/declaration.ts';
import { handleHelp } from './help/handler.ts';
import { human } from './human/declaration.ts';
import { handleHuman } from './human/handler.ts';
import { outOfScope } from './out-of-scope/declaration.ts';
import { handleOutOfScope } from './out-of-scope/handler.ts';
import { status } from './status/declaration.ts';
import { handleStatus } from './status/handler.ts';
import { visit } from './visit/declaration.ts';
import { handleVisit, resumeVisit } from './visit/handler.ts';
import { RESCHEDULE_FORM, VISIT_FORM } from './visit/slots.ts';

/** Every intent: a plain map from name to declaration and handler. */
export const intents: IntentRegistry = {
  guide: { declaration: guide, handle: handleGuide },
  visit: { declaration: visit, handle: handleVisit, resume: resumeVisit },
  complaint: { declaration: complaint, handle: handleComplaint, resume: resumeComplaint },
  status: { declaration: status, handle: handleStatus },
  cancel: { declaration: cancel, handle: handleCancel },
  feedback: { declaration: feedback, handle: handleFeedback },
  human: { declaration: human, handle: handleHuman },
  emergency: { declaration: emergency, handle: handleEmergency },
  help: { declaration: help, handle: handleHelp },
  out_of_scope: { declaration: outOfScope, handle: handleOutOfScope },
};

/** The declarations alone, for the classifier. */
export const intentDeclarations = Object.values(intents).map((i) => i.declaration);

/** Every form the intents run: a stored form is checked against its type when a session is loaded. */
export const forms: FormType<any>[] = [VISIT_FORM, RESCHEDULE_FORM, COMPLAINT_FORM, RATING_FORM];
