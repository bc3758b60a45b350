import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { ALL_VIEWS, CONFIG_VIEWS } from '../console/views.js';
import type { ViewFrame } from '../console/views.js';
import { configTree, findBlock, renderBgp, renderBmp, renderConfig, renderNode, routePolicyId } from '../config/render-config.js';
import { monitorKey } from '../config/device-config.js';
import type { DeviceConfig } from '../config/device-config.js';
import { keywords } from './keywords.js';
import { userInterfaceId } from '../config/user-interface.js';

/** Software version line of the emulated NE40E (matches the Initiation's sysDescr). */
export const SOFTWARE_VERSION = 'V800R021C00SPC090T';

/**
 * `display current-configuration [ configuration { bgp | bmp } ]` (all views,
 * level 3): the running configuration, defaults and uncommitted changes
 * hidden (docs/vrp-behaviour.md §3.5). `configuration bgp` is a real filter;
 * `configuration bmp` is ⚠ INFERRED by analogy (docs/vrp-behaviour.md §2.13). ⚠ INFERRED:
 * a filtered display prints the block between `#` lines and `return`, without
 * the `!Software Version` header.
 */
export const displayCurrentConfiguration = defineCommand<CommandContext>({
  id: 'display-current-configuration',
  summary: 'Displays the configurations currently running on the device.',
  syntax: ['display current-configuration', 'display current-configuration configuration { bgp | bmp }'],
  keywords: keywords(['display', 'current-configuration', 'configuration', 'bgp', 'bmp'], {
    configuration: 'Specify the configuration type',
    bgp: 'BGP configuration',
    bmp: 'BMP configuration',
  }),
  views: ALL_VIEWS,
  level: 3,
  outputFilter: true,
  run(ctx, args) {
    if (args.keywords.includes('configuration')) {
      const block = args.keywords.includes('bgp') ? renderBgp(ctx.running) : renderBmp(ctx.running);
      return ctx.print('#', ...block, ...(block.length > 0 ? ['#'] : []), 'return');
    }
    ctx.print(`!Software Version ${SOFTWARE_VERSION}`, ...renderConfig(ctx.running));
  },
});

/** The configuration block id of a view (see `configTree`). */
function blockId(frame: ViewFrame): string | null {
  switch (frame.view) {
    case 'user':
    case 'system':
      return null;
    case 'bmp':
    case 'bgp':
    case 'bgp-af-ipv4':
    case 'bgp-af-ipv6':
    case 'bgp-af-vpnv4':
    case 'bgp-af-vpnv6':
      return frame.view;
    case 'bmp-session':
      return `bmp-session|${frame.sessionKey}`;
    case 'bmp-monitor':
      return `bmp-monitor|${frame.sessionKey}|${monitorKey(frame.target)}`;
    case 'bmp-session-ipv4-unicast':
    case 'bmp-session-ipv4-vpn':
      return `${frame.view}|${frame.sessionKey}`;
    case 'vpn-instance':
    case 'vpn-instance-af-ipv4':
    case 'vpn-instance-af-ipv6':
    case 'bgp-vpn-instance':
      return `${frame.view}|${frame.name}`;
    case 'route-policy':
      return routePolicyId(frame.name, frame.node);
    case 'ui-vty':
      return userInterfaceId(frame.first, frame.last);
  }
}

/** What `display this` shows for a view of a configuration. */
export function thisView(config: DeviceConfig, frame: ViewFrame): string[] {
  const tree = configTree(config);
  const id = blockId(frame);
  if (id === null) {
    // The system view shows its own lines (docs/vrp-behaviour.md §3.5: `sysname HUAWEI`).
    // ⚠ INFERRED: the prefix lists and filters, typed in the system view, are
    // among them, each list between `#` as in the configuration file.
    if (frame.view === 'user') return ['#', 'return'];
    const own = tree.filter((n) => typeof n === 'string' || 'group' in n);
    return [...own.flatMap((n) => ['#', ...renderNode(n, 0)]), '#', 'return'];
  }
  const found = findBlock(tree, id);
  if (!found) return ['#', 'return'];
  return ['#', ...renderNode(found.block, found.depth), '#', 'return'];
}

/**
 * `display this` (all views, level 1): the running configuration of the
 * current view, then `return` (docs/vrp-behaviour.md §3.5). ⚠ INFERRED for the BMP, BGP
 * and VPN views: the view's block as it sits in the configuration file, with
 * its indentation.
 */
export const displayThis = defineCommand<CommandContext>({
  id: 'display-this',
  summary: 'Displays the running configuration in the current view.',
  syntax: ['display this'],
  keywords: keywords(['display', 'this']),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx) {
    ctx.print(...thisView(ctx.running, ctx.frame));
  },
});

/**
 * `display configuration candidate [ changes ]` (all views except the user
 * view): the candidate configuration, or what differs from the running one
 * (docs/vrp-behaviour.md §3.3). ⚠ INFERRED: level 3, like `display current-configuration`;
 * the `changes` sample's `- mtu 1400` (one character of marker) is read as a
 * slip: every line gets a two-character marker (`+ `, `- `, or two spaces
 * for context).
 */
export const displayConfigurationCandidate = defineCommand<CommandContext>({
  id: 'display-configuration-candidate',
  summary: 'Displays the candidate configuration, or its changes against the running configuration.',
  syntax: ['display configuration candidate [ changes ]'],
  keywords: keywords(['display', 'configuration', 'candidate', 'changes']),
  views: CONFIG_VIEWS,
  level: 3,
  outputFilter: true,
  run(ctx, args) {
    if (!args.keywords.includes('changes')) return ctx.print(...renderConfig(ctx.candidate));
    ctx.print('Building configuration', ...configChanges(ctx.running, ctx.candidate));
  },
});

/** Top-level sections (between left-aligned `#`), keyed by their first line; indented `#` dropped. */
function sections(config: DeviceConfig): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const node of configTree(config)) {
    const lines = renderNode(node, 0).filter((l) => l.trim() !== '#');
    // A one-line setting (`sysname X`) is the same section whatever its value;
    // a prefix list or filter is the same section whatever its entries.
    out.set(typeof node === 'string' ? node.split(' ')[0]! : 'group' in node ? node.id : lines[0]!, lines);
  }
  return out;
}

/** The `changes` listing: per changed section a `#`, then context (parent lines) and `+`/`-` lines. */
export function configChanges(running: DeviceConfig, candidate: DeviceConfig): string[] {
  const before = sections(running);
  const after = sections(candidate);
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  const out: string[] = [];
  for (const key of keys) {
    const a = before.get(key) ?? [];
    const b = after.get(key) ?? [];
    if (a.join('\n') === b.join('\n')) continue;
    out.push('  #', ...diffLines(a, b));
  }
  if (out.length > 0) out.push('  #');
  return out;
}

const indentOf = (l: string) => l.length - l.trimStart().length;

/** A line diff (LCS) that prints each changed line after its parent lines as context. */
function diffLines(a: readonly string[], b: readonly string[]): string[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const ops: { mark: ' ' | '+' | '-'; line: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ mark: ' ', line: a[i++]! });
      j++;
    }
    // Removed lines before added ones, as the reference's sample (`- mtu 1400` then `+ mtu 1300`).
    else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ mark: '-', line: a[i++]! });
    else ops.push({ mark: '+', line: b[j++]! });
  }
  const out: string[] = [];
  const shown = new Set<number>();
  ops.forEach((op, k) => {
    if (op.mark === ' ') return;
    // The unchanged parents of this line, outermost first, each printed once.
    const parents: number[] = [];
    let indent = indentOf(op.line);
    for (let p = k - 1; p >= 0 && indent > 0; p--) {
      const o = ops[p]!;
      if (indentOf(o.line) < indent) {
        indent = indentOf(o.line);
        if (o.mark === ' ') parents.unshift(p);
      }
    }
    for (const p of parents) {
      if (!shown.has(p)) {
        out.push('  ' + ops[p]!.line);
        shown.add(p);
      }
    }
    out.push(`${op.mark} ${op.line}`);
  });
  return out;
}

/**
 * `display version` (all views, level 1): the NE40E of the BMP sysDescr
 * (docs/vrp-behaviour.md §2.14, §3.13). ⚠ INFERRED: the lines after the banner follow the
 * CE8850 sample's layout with the NE40E's names; the uptime is the lab's.
 */
export const displayVersion = defineCommand<CommandContext>({
  id: 'display-version',
  summary: 'Displays the version of the system software.',
  syntax: ['display version'],
  keywords: keywords(['display', 'version']),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx) {
    const minutes = Math.floor(ctx.uptimeMs() / 60000);
    const uptime = `${Math.floor(minutes / 1440)} days, ${Math.floor((minutes % 1440) / 60)} hours, ${minutes % 60} minutes`;
    ctx.print(
      'Huawei Versatile Routing Platform Software',
      `VRP (R) software, Version 8.210 (NE40E ${SOFTWARE_VERSION})`,
      'Copyright (C) 2012-2021 Huawei Technologies Co., Ltd.',
      `HUAWEI NE40E-M2K-B uptime is ${uptime}`,
    );
  },
});
