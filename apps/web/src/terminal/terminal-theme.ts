import type { ITerminalOptions, ITheme } from '@xterm/xterm';

export type ThemeName = 'dark' | 'light';

/** A console-cable look: light grey on near-black, like a router's vty in a dark terminal emulator. */
export const VRP_DARK: ITheme = {
  background: '#0b0e11',
  foreground: '#d3d9df',
  cursor: '#7ee787',
  cursorAccent: '#0b0e11',
  selectionBackground: '#2f4a66',
  black: '#0b0e11',
  red: '#ff7b72',
  green: '#7ee787',
  yellow: '#e3b341',
  blue: '#79c0ff',
  magenta: '#d2a8ff',
  cyan: '#56d4dd',
  white: '#d3d9df',
  brightBlack: '#6e7681',
  brightRed: '#ffa198',
  brightGreen: '#aff5b4',
  brightYellow: '#f2cc60',
  brightBlue: '#a5d6ff',
  brightMagenta: '#e2c5ff',
  brightCyan: '#b3f0ff',
  brightWhite: '#ffffff',
};

/** Paper-white variant for the light theme (same hues, darker for contrast on white). */
export const VRP_LIGHT: ITheme = {
  background: '#fbfcfd',
  foreground: '#1f2933',
  cursor: '#1a7f37',
  cursorAccent: '#fbfcfd',
  selectionBackground: '#b6d4f2',
  black: '#1f2933',
  red: '#cf222e',
  green: '#1a7f37',
  yellow: '#9a6700',
  blue: '#0969da',
  magenta: '#8250df',
  cyan: '#1b7c83',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#a40e26',
  brightGreen: '#116329',
  brightYellow: '#7d4e00',
  brightBlue: '#0550ae',
  brightMagenta: '#6639ba',
  brightCyan: '#136061',
  brightWhite: '#24292f',
};

export function terminalTheme(name: ThemeName): ITheme {
  return name === 'light' ? VRP_LIGHT : VRP_DARK;
}

export const TERMINAL_OPTIONS: ITerminalOptions = {
  theme: VRP_DARK,
  fontFamily: '"DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, "Liberation Mono", monospace',
  fontSize: 13,
  lineHeight: 1.15,
  // A steady block: xterm's blink is a CSS animation of colours, which the
  // compositor cannot run, so a blinking cursor makes the page draw a frame
  // every 16 ms and every echo waits for the next one (measured:
  // apps/web/bench/keystroke.bench.mjs). Unfocused, the block becomes an outline.
  cursorBlink: false,
  cursorStyle: 'block',
  cursorInactiveStyle: 'outline',
  scrollback: 10_000,
  // The search addon's match decorations use the proposed decoration API.
  allowProposedApi: true,
  // The server's line editor writes CR LF itself, as a vty does.
  convertEol: false,
};
