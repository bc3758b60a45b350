/**
 * The view tree of the emulated device (reference §1). A frame is one open
 * view; its suffix is what the prompt shows after the sysname.
 */
export const VIEW = {
  user: 'user',
  system: 'system',
  bmp: 'bmp',
  bmpSession: 'bmp-session',
  vpnInstance: 'vpn-instance',
} as const;

export type ViewId = (typeof VIEW)[keyof typeof VIEW];

export const ALL_VIEWS: readonly ViewId[] = Object.values(VIEW);
/** "All views except the user view" of the command pages. */
export const CONFIG_VIEWS: readonly ViewId[] = ALL_VIEWS.filter((v) => v !== VIEW.user);

export type ViewFrame =
  | { view: 'user' }
  | { view: 'system' }
  | { view: 'bmp' }
  | { view: 'bmp-session'; sessionKey: string; address: string; alias: string | null }
  | { view: 'vpn-instance'; name: string };

/** Prompt suffix of a frame; null for the user view. */
export function viewSuffix(frame: ViewFrame): string | null {
  switch (frame.view) {
    case 'user':
      return null;
    case 'system':
      return '';
    case 'bmp':
      return 'bmp';
    case 'bmp-session':
      // `[*HUAWEI-bmp-session-10.1.1.1]`, with an alias `…-10.1.1.1-a` (reference §1).
      // ⚠ INFERRED: a VPN-instance session shows the same suffix; no source shows its prompt.
      return `bmp-session-${frame.address}${frame.alias ? '-' + frame.alias : ''}`;
    case 'vpn-instance':
      return `vpn-instance-${frame.name}`;
  }
}
