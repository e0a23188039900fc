import { z } from './zod.ts';
import { ANSWER_KINDS, FAMILIES, ROOM_KINDS, SEVERITIES } from './checklist.ts';

/** Text every template carries in both UI languages. */
export const LocalizedText = z.strictObject({
  zh: z.string().trim().min(1),
  en: z.string().trim().min(1),
});
export const RoomKind = z.enum(ROOM_KINDS);
const Family = z.enum(FAMILIES);
const Severity = z.enum(SEVERITIES);
const AnswerKind = z.enum(ANSWER_KINDS);

const Slug = z.string().regex(/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/, 'expected a lower-case id such as "mr-power-ups"');

const ChoiceOption = z.strictObject({ id: Slug, zh: z.string().min(1), en: z.string().min(1) });

export const ChecklistItem = z
  .strictObject({
    id: Slug,
    text: LocalizedText,
    guidance: LocalizedText,
    basis: z.string().trim().min(1),
    family: Family,
    severity: Severity,
    answer: AnswerKind,
    /** Unit printed after a number answer, e.g. "°C", "天". */
    unit: z.string().min(1).optional(),
    options: z.array(ChoiceOption).min(2).optional(),
    photoOnFailure: z.boolean().default(false),
    /** In a computer section: the item applies only to classified (or only to other) PCs. */
    appliesTo: z.enum(['classified', 'unclassified']).optional(),
  })
  .superRefine((item, ctx) => {
    if (item.answer === 'number' && !item.unit)
      ctx.addIssue({ code: 'custom', path: ['unit'], message: 'a number answer needs a unit' });
    if (item.answer === 'choice' && !item.options)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'a choice answer needs options' });
    if (item.answer !== 'choice' && item.options)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'options only belong to a choice answer' });
  });

export const ChecklistSection = z
  .strictObject({
    id: Slug,
    room: RoomKind,
    title: LocalizedText,
    items: z.array(ChecklistItem).min(1),
  })
  .superRefine((section, ctx) => {
    if (section.room === 'computer') return;
    section.items.forEach((item, i) => {
      if (item.appliesTo)
        ctx.addIssue({
          code: 'custom',
          path: ['items', i, 'appliesTo'],
          message: 'appliesTo only belongs to items of a computer section',
        });
    });
  });

export const ChecklistTemplate = z
  .strictObject({
    id: Slug,
    version: z.number().int().positive(),
    title: LocalizedText,
    description: LocalizedText.optional(),
    sections: z.array(ChecklistSection).min(1),
  })
  .superRefine((tpl, ctx) => {
    // Answers are keyed by item id, so an id may appear once in the whole template.
    const seen = new Map<string, string>();
    tpl.sections.forEach((section, s) =>
      section.items.forEach((item, i) => {
        const where = `sections[${s}].items[${i}]`;
        const first = seen.get(item.id);
        if (first)
          ctx.addIssue({
            code: 'custom',
            path: ['sections', s, 'items', i, 'id'],
            message: `duplicate item id "${item.id}" (first at ${first})`,
          });
        else seen.set(item.id, where);
      }),
    );
  });
