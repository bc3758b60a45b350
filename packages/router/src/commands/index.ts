import type { Command } from './command-context.js';
import { systemView } from './system-view.js';
import { bmp } from './bmp.js';
import { bmpSession } from './bmp-session.js';
import { tcpConnectPort } from './tcp-connect-port.js';
import { commit } from './commit.js';
import { quit } from './quit.js';
import { returnCommand } from './return.js';
import { ipVpnInstance } from './ip-vpn-instance.js';
import { sysname } from './sysname.js';
import { displayBmpSession } from './display-bmp-session.js';
import { displayCurrentConfiguration, displayThis } from './display-configuration.js';

/** Every command the emulated device knows, in the order `?` lists nothing by (it sorts). */
export const COMMANDS: readonly Command[] = [
  systemView,
  bmp,
  bmpSession,
  tcpConnectPort,
  commit,
  quit,
  returnCommand,
  ipVpnInstance,
  sysname,
  displayBmpSession,
  displayCurrentConfiguration,
  displayThis,
];
