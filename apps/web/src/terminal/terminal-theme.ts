import type { ITerminalOptions, ITheme } from '@xterm/xterm';

/** A console-cable look: light grey on near-black, like a router's vty in a dark terminal emulator. */
export const VRP_THEME: ITheme = {
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

export const TERMINAL_OPTIONS: ITerminalOptions = {
  theme: VRP_THEME,
  fontFamily: '"DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, "Liberation Mono", monospace',
  fontSize: 13,
  lineHeight: 1.15,
  cursorBlink: true,
  scrollback: 10_000,
  // The server's line editor writes CR LF itself, as a vty does.
  convertEol: false,
};
