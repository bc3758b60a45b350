import { z } from 'zod';
import { anyPrefix, ipAddress, labAddress, labPrefix } from './topology-fields.js';
import { routeFromData, routeSchema, routeToData } from './topology-routes.js';
import type { ScriptStep } from './topology-model.js';

/** Most steps a topology's `script:` may have, and the latest `at` (a week of protocol seconds). */
export const MAX_SCRIPT_STEPS = 1000;
export const MAX_SCRIPT_SECONDS = 7 * 24 * 3600;

const SCRIPT_ACTIONS = ['announce', 'withdraw', 'down', 'up'] as const;
export const scriptStepSchema = z
  .strictObject({
    at: z.number().min(0, 'at is the protocol seconds after the lab starts, 0 or more').max(MAX_SCRIPT_SECONDS, `at is at most ${MAX_SCRIPT_SECONDS} seconds (a week)`),
    neighbor: ipAddress,
    announce: routeSchema.optional(),
    withdraw: anyPrefix.optional(),
    down: z.literal(true, 'down: true brings the neighbor down (to bring it up, write up: true)').optional(),
    up: z.literal(true, 'up: true brings the neighbor up again (to bring it down, write down: true)').optional(),
  })
  .superRefine((step, ctx) => {
    const given = SCRIPT_ACTIONS.filter((a) => step[a] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `a step does exactly one of announce, withdraw, down or up (this one ${given.length === 0 ? 'does none' : `has ${given.join(' and ')}`})`,
      });
    }
  });

export function scriptStepFromRaw(raw: z.infer<typeof scriptStepSchema>): ScriptStep {
  const step = { at: raw.at, neighbor: labAddress(raw.neighbor) };
  if (raw.announce) return { ...step, announce: routeFromData(raw.announce) };
  if (raw.withdraw !== undefined) return { ...step, withdraw: labPrefix(raw.withdraw) };
  return raw.down ? { ...step, down: true } : { ...step, up: true };
}

export function scriptStepToData(step: ScriptStep): object {
  const head = { at: step.at, neighbor: step.neighbor };
  if ('announce' in step) return { ...head, announce: routeToData(step.announce) };
  if ('withdraw' in step) return { ...head, withdraw: step.withdraw };
  return 'down' in step ? { ...head, down: true } : { ...head, up: true };
}
