import { z } from 'zod';

/** The least an activity must have before the Bot Framework adapter sees it; anything less is a 400. */
export const ActivityEnvelopeSchema = z
  .object({
    type: z.string().min(1).max(64),
    serviceUrl: z.string().url().max(2048),
    conversation: z.object({ id: z.string().min(1).max(512) }).loose(),
    from: z
      .object({ id: z.string().min(1).max(512) })
      .loose()
      .optional(),
    text: z.string().max(28_000).optional(),
    // Bot Framework activity schema: locale is a BCP-47 string. Anything else is refused here, not half-read later.
    locale: z.string().max(64).optional(),
  })
  .loose();
