import type { ParamDef } from '@bmp-lab/cli-engine';

/**
 * Parameter rules shared by several commands, as the "Value" columns of the
 * command pages give them (reference §2, seed).
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
