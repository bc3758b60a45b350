/**
 * Parameter value rules, as the "Value" column of a Huawei command page states
 * them ("a string of 1 to 31 case-sensitive characters, spaces not supported…",
 * "an integer ranging from 1 to 65535", "dotted decimal notation").
 */
export type ParamType =
  | { kind: 'ipv4' }
  | { kind: 'integer'; min: number; max: number }
  | {
      kind: 'string';
      min: number;
      max: number;
      /** Case-insensitive strings are stored lower-cased, as VRP does. */
      caseSensitive: boolean;
      /** Words that are never a valid value (e.g. `_public_` for a VPN instance name). */
      forbidden?: readonly string[];
    };

export type ParamValue = string | number;

/** One word of the command line, after quote handling. */
export interface LexToken {
  /** The word as typed, quotes included. */
  raw: string;
  /** The value: quotes removed. */
  value: string;
  quoted: boolean;
  /** 0-based offset of the word's first character in the line. */
  start: number;
}

export const ipv4Pattern = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Validate one word against a parameter rule; undefined when it is not a valid value. */
export function parseParamValue(type: ParamType, token: LexToken): ParamValue | undefined {
  switch (type.kind) {
    case 'ipv4':
      return !token.quoted && ipv4Pattern.test(token.value) ? token.value : undefined;
    case 'integer': {
      if (token.quoted || !/^\d{1,10}$/.test(token.value)) return undefined;
      const n = Number(token.value);
      return n >= type.min && n <= type.max ? n : undefined;
    }
    case 'string': {
      const v = token.value;
      // VRP counts characters of the unquoted value; a `?` is never part of a
      // value because the line editor reads it as the help key.
      if (v.length < type.min || v.length > type.max || v.includes('?')) return undefined;
      if (type.forbidden?.includes(v)) return undefined;
      return type.caseSensitive ? v : v.toLowerCase();
    }
  }
}

/** The type token `?` help prints for a parameter (VRP conventions). */
export function paramHelpToken(type: ParamType): string {
  switch (type.kind) {
    case 'ipv4':
      return 'X.X.X.X';
    case 'integer':
      return `INTEGER<${type.min}-${type.max}>`;
    case 'string':
      return `STRING<${type.min}-${type.max}>`;
  }
}
