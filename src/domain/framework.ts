import { z } from 'zod';

const LabelSchema = z.object({ da: z.string().min(1), en: z.string().min(1) });
const IdSchema = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'ids are lower-case letters, digits and dashes');

/** A municipality's strategic framework: its tracks (spor) and shared hard problems (fælles svære problemer). */
export const FrameworkSchema = z
  .object({
    organisation: z.string().min(1),
    tracks: z
      .array(z.object({ id: IdSchema, label: LabelSchema, description: LabelSchema.optional() }))
      .min(1)
      .max(10),
    problems: z
      .array(z.object({ id: IdSchema, label: LabelSchema }))
      .min(1)
      .max(30),
  })
  .superRefine((f, ctx) => {
    for (const key of ['tracks', 'problems'] as const) {
      const ids = f[key].map((x) => x.id);
      const dup = ids.find((id, i) => ids.indexOf(id) !== i);
      if (dup) ctx.addIssue({ code: 'custom', path: [key], message: `duplicate id "${dup}"` });
    }
  });
export type Framework = z.infer<typeof FrameworkSchema>;
export type Label = z.infer<typeof LabelSchema>;

export function trackLabel(f: Framework, id: string, locale: 'da' | 'en'): string {
  return f.tracks.find((t) => t.id === id)?.label[locale] ?? id;
}

export function problemLabel(f: Framework, id: string, locale: 'da' | 'en'): string {
  return f.problems.find((p) => p.id === id)?.label[locale] ?? id;
}
