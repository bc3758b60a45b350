import type { Evaluation, Facts, RouterFacts } from './types.js';

/**
 * Evaluate a router-reading check against the router it names: absent, the
 * lab's first router (the facts' own `config`, `sessions`, `peers`);
 * otherwise one of `facts.routers`, its detail prefixed with the router's
 * name so two routers' checks read apart. A router the facts lack (a lab
 * without it, or of one router) leaves the check pending: nothing to judge.
 */
export function routerOf(name: string | undefined, facts: Facts, evaluate: (router: RouterFacts) => Evaluation): Evaluation {
  if (name === undefined) return evaluate(facts);
  // An own property only: a name like `constructor` must not find Object's.
  const router = facts.routers && Object.hasOwn(facts.routers, name) ? facts.routers[name] : undefined;
  if (router === undefined) {
    const others = Object.keys(facts.routers ?? {});
    return { state: 'pending', detail: `The lab has no router ${name} yet${others.length ? ` (its other routers: ${others.join(', ')})` : ''}.` };
  }
  const r = evaluate(router);
  return { state: r.state, detail: `${name}: ${r.detail}` };
}
