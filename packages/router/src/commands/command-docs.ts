import type { ParamType } from '@bmp-lab/cli-engine';
import { paramHelpToken } from '@bmp-lab/cli-engine';
import type { Command } from './command-context.js';
import { ALL_VIEWS, CONFIG_VIEWS } from '../console/views.js';

const VIEW_NAMES: Record<string, string> = {
  user: 'User view',
  system: 'System view',
  bmp: 'BMP view',
  'bmp-session': 'BMP session view',
  'bmp-monitor': 'BMP monitor view',
  'bmp-session-ipv4-unicast': 'BMP Session IPv4 unicast view',
  'bmp-session-ipv4-vpn': 'BMP Session IPv4 VPN view',
  bgp: 'BGP view',
  'bgp-af-ipv4': 'BGP-IPv4 unicast address family view',
  'bgp-af-ipv6': 'BGP-IPv6 unicast address family view',
  'bgp-af-vpnv4': 'BGP-VPNv4 address family view',
  'bgp-af-vpnv6': 'BGP-VPNv6 address family view',
  'vpn-instance': 'VPN instance view',
  'vpn-instance-af-ipv4': 'VPN instance IPv4 address family view',
  'route-policy': 'Route-policy view',
  'ui-vty': 'VTY user interface view',
};

const LEVEL_NAMES = ['0: Visit level', '1: Monitoring level', '2: Configuration level', '3: Management level'];

function viewsText(views: readonly string[]): string {
  if (views.length === ALL_VIEWS.length) return 'All views';
  if (views.length === CONFIG_VIEWS.length && !views.includes('user')) return 'All views except the user view';
  return views.map((v) => VIEW_NAMES[v] ?? v).join(', ');
}

/** The "Value" column of a parameter, written out from its rule. */
function valueText(t: ParamType): string {
  switch (t.kind) {
    case 'ipv4':
      return `IPv4 address in dotted decimal notation${t.forbidden ? `; not ${t.forbidden.map((f) => `\`${f}\``).join(', ')}` : ''}`;
    case 'ipv6':
      return 'IPv6 address, X:X:X:X:X:X:X:X (shown compressed, upper case)';
    case 'ipv4-mask':
      return 'network mask in dotted decimal notation';
    case 'integer':
      return `integer from ${t.min} to ${t.max}`;
    case 'as-number':
      return 'AS number: integer from 1 to 4294967295, or x.y (x 1–65535, y 0–65535)';
    case 'route-distinguisher':
      return 'route distinguisher, 3–21 characters: AS:nn, IPv4-address:nn or x.y:nn';
    case 'community':
      return 'community in aa:nn format, aa and nn integers from 0 to 65535';
    case 'interface-name':
      return 'interface type and number together, e.g. LoopBack0, GigabitEthernet0/3/6';
    case 'interface-type':
      return 'interface type (Eth-Trunk, GigabitEthernet, LoopBack, Vlanif)';
    case 'password':
      return `${t.plainMin}–${t.plainMax} case-sensitive characters in plain text, or ${t.cipherMin}–${t.cipherMax} in cipher text; spaces only inside double quotes; stored and shown as cipher text only`;
    case 'string':
      return `string of ${t.min}–${t.max} case-${t.caseSensitive ? 'sensitive' : 'insensitive'} characters; spaces only inside double quotes${t.forbidden ? `; not ${t.forbidden.map((f) => `\`${f}\``).join(', ')}` : ''}${t.notAllDigits ? '; not all digits' : ''}`;
  }
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

/**
 * `COMMANDS.md`: the command table of the emulated device, generated from the
 * declarations (syntax lines, views, level, summary, parameters, keyword help).
 */
export function renderCommandDocs(commands: readonly Command[]): string {
  const out: string[] = [
    '# Commands of the emulated VRP device',
    '',
    '<!-- Generated from packages/router/src/commands by `node packages/router/scripts/gen-command-docs.mjs`',
    '     (or `UPDATE=1 npx vitest run packages/router/test/console-command-docs.test.ts`). Do not edit. -->',
    '',
    "Syntax notation as in Huawei's command references: `[ ]` optional, `{ a | b }` one of, `[ a | b ]` at most one of,",
    '`&<1-32>` the part before it 1 to 32 times (any alternative each time);',
    'words listed under Parameters are values, every other word is a keyword. Keywords may be abbreviated to any unique prefix.',
    'Display commands also take an output filter: `| { begin | exclude | include } regular-expression`.',
    '',
    '| Command | Views | Level | Function |',
    '| --- | --- | --- | --- |',
    ...commands.map((c) => `| [\`${c.id}\`](#${c.id}) | ${viewsText(c.views)} | ${c.level} | ${cell(c.summary)} |`),
    '',
  ];
  for (const c of commands) {
    out.push(`## ${c.id}`, '', c.summary, '', '**Format**', '', '```', ...c.syntax, '```', '');
    const params = Object.entries(c.params ?? {});
    if (params.length > 0) {
      out.push('**Parameters**', '', '| Parameter | Help token | Value | Description |', '| --- | --- | --- | --- |');
      for (const [name, def] of params) {
        out.push(`| *${name}* | \`${cell(paramHelpToken(def.type))}\` | ${cell(valueText(def.type))} | ${cell(def.help)} |`);
      }
      out.push('');
    }
    out.push('**Keywords** (`?` help)', '', '| Keyword | Help |', '| --- | --- |');
    for (const [word, help] of Object.entries(c.keywords)) out.push(`| \`${word}\` | ${cell(help)} |`);
    out.push('', `**Views**: ${viewsText(c.views)}`, '', `**Default level**: ${LEVEL_NAMES[c.level]}`, '');
    if (c.outputFilter) out.push('Accepts an output filter (`| begin|exclude|include regular-expression`).', '');
  }
  return out.join('\n');
}
