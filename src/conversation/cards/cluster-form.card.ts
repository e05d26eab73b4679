import { CLUSTER_LIMITS, type ClusterFieldErrorCode, type ClusterFieldErrors } from '../../domain/cluster.js';
import type { MissionView } from '../../views/missions.js';
import { attention, card, execute, good, heading, para, subtle, type Element } from './card-kit.js';
import { type CardContext, withLimit } from './card-context.js';

type Field = keyof ClusterFieldErrors;

export function clusterFieldError(ctx: CardContext, field: Field, code: ClusterFieldErrorCode): string {
  const limits = (CLUSTER_LIMITS as Record<string, { min?: number; max?: number }>)[
    field === 'externalName' ? 'externalName' : field
  ];
  if (code === 'tooShort') return ctx.s.fieldErrors.tooShort(limits?.min ?? 1);
  if (code === 'tooLong') return ctx.s.fieldErrors.tooLong(limits?.max ?? 0);
  if (code === 'unknownPerson') return ctx.s.clusters.form.unknownPerson;
  if (code === 'invalidEmail') return ctx.s.clusters.form.invalidEmail;
  return ctx.s.fieldErrors.required;
}

export const fieldErrors = (ctx: CardContext, errors: ClusterFieldErrors, field: Field): Element[] =>
  errors[field] ? [attention(clusterFieldError(ctx, field, errors[field]))] : [];

/**
 * The form for a new cluster. The mission is fixed when the form was opened from a mission, otherwise
 * chosen among those the viewer may form clusters around. The coordinator picker is Teams' people picker
 * (the organisation's directory); the viewer is the default.
 */
export function clusterFormCard(
  ctx: CardContext,
  formId: string,
  missions: Pick<MissionView, 'id' | 'title'>[],
  values: Record<string, unknown> = {},
  errors: ClusterFieldErrors = {},
) {
  const f = ctx.s.clusters.form;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  if (missions.length === 0)
    return card(
      [heading(f.title), para(f.noMissions)],
      [execute(ctx.s.clusters.actions.find, 'clusters.list', { scope: 'all' })],
    );
  const missionInput: Element =
    missions.length === 1
      ? { type: 'FactSet', facts: [{ title: f.missionLabel, value: missions[0].title }] }
      : {
          type: 'Input.ChoiceSet',
          id: 'missionId',
          label: f.missionLabel,
          style: 'compact',
          isRequired: true,
          errorMessage: ctx.s.fieldErrors.required,
          choices: missions.map((m) => ({ title: m.title, value: m.id })),
          value: str(values.missionId) ?? missions[0].id,
        };
  const body: Element[] = [
    heading(f.title),
    para(f.intro, { isSubtle: true }),
    ...(Object.keys(errors).length ? [attention(ctx.s.form.fixErrors)] : []),
    missionInput,
    {
      type: 'Input.Text',
      id: 'name',
      label: withLimit(ctx, f.nameLabel, CLUSTER_LIMITS.name.max),
      placeholder: f.namePlaceholder,
      isRequired: true,
      errorMessage: ctx.s.fieldErrors.required,
      value: str(values.name),
    },
    ...fieldErrors(ctx, errors, 'name'),
    {
      type: 'Input.Text',
      id: 'purpose',
      label: withLimit(ctx, f.purposeLabel, CLUSTER_LIMITS.purpose.max),
      isMultiline: true,
      isRequired: true,
      errorMessage: ctx.s.fieldErrors.required,
      value: str(values.purpose),
    },
    ...fieldErrors(ctx, errors, 'purpose'),
    {
      type: 'Input.ChoiceSet',
      id: 'coordinator',
      label: f.coordinatorLabel,
      // Left empty, it is the reader (the service's default); the placeholder says so in every client.
      placeholder: f.coordinatorPlaceholder(ctx.viewer.name),
      choices: [{ title: f.you(ctx.viewer.name), value: ctx.viewer.id }],
      'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
      value: str(values.coordinator),
    },
    subtle(f.coordinatorDefault(ctx.viewer.name)),
    ...fieldErrors(ctx, errors, 'coordinator'),
  ];
  const fixed = missions.length === 1 ? { missionId: missions[0].id } : {};
  return card(body, [
    execute(ctx.s.clusters.actions.submit, 'cluster.form.submit', { formId, ...fixed }, { style: 'positive' }),
    execute(ctx.s.actions.cancel, 'cluster.form.cancel', {}, { associatedInputs: 'none' }),
  ]);
}

export function clusterFormedNotice(ctx: CardContext, name: string): Element {
  return good(ctx.s.clusters.outcome.formed(name));
}
