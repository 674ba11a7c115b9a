import { z } from 'zod';
import { FormType } from '../../src/engine/form.ts';
import { RATINGS } from '../../src/visits/types.ts';

/** The optional comment asked for after a rating: what was rated, and how. */
export const RATING_FORM = new FormType(
  'rating',
  'feedback',
  z.object({
    visitId: z.string(),
    ticketId: z.string(),
    grade: z.enum(RATINGS),
    /** Whether a 不满意 reopened the ticket at the hotline. */
    reopened: z.boolean(),
  }),
);
