import type { ParamDef } from '@bmp-lab/cli-engine';

/**
 * Parameter rules shared by several commands, as the "Value" columns of the
 * command pages give them (docs/vrp-behaviour.md §2, seed).
 */
export const VPN_NAME: ParamDef = {
  // Seed: "a string of 1 to 31 case-sensitive characters, spaces not supported. In addition,
  // the VPN instance name must not be _public_. When double quotation marks are used
  // around the string, spaces are allowed in the string."
  type: { kind: 'string', min: 1, max: 31, caseSensitive: true, forbidden: ['_public_'] },
  help: 'VPN-Instance name',
};

export const ALIAS_NAME: ParamDef = {
  type: { kind: 'string', min: 1, max: 31, caseSensitive: true },
  help: 'Alias name of the BMP session',
};

export const IPV4: (help: string) => ParamDef = (help) => ({ type: { kind: 'ipv4' }, help });
export const IPV6: (help: string) => ParamDef = (help) => ({ type: { kind: 'ipv6' }, help });

export const INTERFACE_NAME: ParamDef = { type: { kind: 'interface-name' }, help: 'Interface name' };
export const INTERFACE_TYPE: ParamDef = { type: { kind: 'interface-type' }, help: 'Interface type' };
export const INTERFACE_NUMBER: ParamDef = {
  type: { kind: 'string', min: 1, max: 63, caseSensitive: true },
  help: 'Interface number',
};

// Routing policy (NE40E command pages `ip ip-prefix`, `ip as-path-filter`,
// `ip community-filter`, `route-policy`).

/** 1 to 169 case-sensitive characters. */
export const IP_PREFIX_NAME: ParamDef = {
  type: { kind: 'string', min: 1, max: 169, caseSensitive: true },
  help: 'Name of the IP prefix list',
};

/** 1 to 200 case-sensitive characters. */
export const ROUTE_POLICY_NAME: ParamDef = {
  type: { kind: 'string', min: 1, max: 200, caseSensitive: true },
  help: 'Name of the route-policy',
};

export const AS_PATH_FILTER_NUMBER: ParamDef = { type: { kind: 'integer', min: 1, max: 256 }, help: 'Number of the AS_Path filter' };

/**
 * 1 to 51 case-sensitive characters. ⚠ INFERRED: not all digits, so that a
 * number always means the numbered filter (the page states it only for
 * community filter names).
 */
export const AS_PATH_FILTER_NAME: ParamDef = {
  type: { kind: 'string', min: 1, max: 51, caseSensitive: true, notAllDigits: true },
  help: 'Name of the AS_Path filter',
};

/** Basic community filters are numbered 1 to 99 (100 to 199 are the advanced ones, not emulated). */
export const COMMUNITY_FILTER_NUMBER: ParamDef = { type: { kind: 'integer', min: 1, max: 99 }, help: 'Number of the basic community filter' };

/** 1 to 51 case-sensitive characters, not all digits. */
export const COMMUNITY_FILTER_NAME: ParamDef = {
  type: { kind: 'string', min: 1, max: 51, caseSensitive: true, notAllDigits: true },
  help: 'Name of the community filter',
};

/** The sequence number of an entry of a prefix list or filter. */
export const ENTRY_INDEX: ParamDef = { type: { kind: 'integer', min: 1, max: 4294967295 }, help: 'Sequence number of the entry' };

export const COMMUNITY_NUMBER: ParamDef = { type: { kind: 'integer', min: 0, max: 4294967295 }, help: 'Community number' };
export const COMMUNITY_AA_NN: ParamDef = { type: { kind: 'community' }, help: 'Community in aa:nn format, aa and nn 0 to 65535' };
