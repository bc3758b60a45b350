import { CONTROL_CHARS } from '../grammar/control-chars.js';

/**
 * Keystrokes as a terminal sends them, decoded into editor keys. Escape
 * sequences may arrive split across chunks; `decodeKeys` returns what is left
 * over so the caller can prepend it to the next chunk.
 */
export type Key = { kind: 'char'; char: string } | { kind: ActionKind };

export type ActionKind =
  | 'enter'
  | 'backspace'
  | 'delete'
  | 'left'
  | 'right'
  | 'home'
  | 'end'
  | 'up'
  | 'down'
  | 'word-left'
  | 'word-right'
  | 'delete-word-before'
  | 'delete-to-start'
  | 'delete-to-end'
  | 'tab'
  | 'help'
  | 'interrupt'
  | 'suspend'
  | 'ignored';

const CONTROL: Record<string, ActionKind> = {
  '\r': 'enter', // Ctrl+M
  '\n': 'enter', // Ctrl+J
  '\x7f': 'backspace',
  '\b': 'backspace', // Ctrl+H
  '\x01': 'home', // Ctrl+A
  '\x05': 'end', // Ctrl+E
  '\x02': 'left', // Ctrl+B
  '\x06': 'right', // Ctrl+F
  '\x04': 'delete', // Ctrl+D
  '\x17': 'delete-word-before', // Ctrl+W
  '\x18': 'delete-to-start', // Ctrl+X
  '\x19': 'delete-to-end', // Ctrl+Y
  '\x0e': 'down', // Ctrl+N
  '\x10': 'up', // Ctrl+P
  '\x03': 'interrupt', // Ctrl+C
  '\x1a': 'suspend', // Ctrl+Z
  '\t': 'tab', // Ctrl+I
};

const ESCAPES: Record<string, ActionKind> = {
  '\x1b[A': 'up',
  '\x1b[B': 'down',
  '\x1b[C': 'right',
  '\x1b[D': 'left',
  '\x1b[H': 'home',
  '\x1b[F': 'end',
  '\x1bOA': 'up',
  '\x1bOB': 'down',
  '\x1bOC': 'right',
  '\x1bOD': 'left',
  '\x1bOH': 'home',
  '\x1bOF': 'end',
  '\x1b[1~': 'home',
  '\x1b[4~': 'end',
  '\x1b[3~': 'delete',
  '\x1bb': 'word-left', // Esc+B
  '\x1bf': 'word-right', // Esc+F
};

export function decodeKeys(data: string): { keys: Key[]; rest: string } {
  const keys: Key[] = [];
  let i = 0;
  while (i < data.length) {
    const c = data[i]!;
    if (c === '\x1b') {
      const seq = /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z]|[A-Za-z])/.exec(data.slice(i));
      if (!seq) {
        // An escape sequence cut by the chunk boundary: keep it for the next chunk.
        if (data.length - i < 8 && /^\x1b(\[[0-9;]*|O)?$/.test(data.slice(i))) return { keys, rest: data.slice(i) };
        keys.push({ kind: 'ignored' });
        i++;
        continue;
      }
      keys.push({ kind: ESCAPES[seq[0]] ?? 'ignored' });
      i += seq[0].length;
      continue;
    }
    if (c === '\r' && data[i + 1] === '\n') {
      // A pasted CRLF is one Enter.
      keys.push({ kind: 'enter' });
      i += 2;
      continue;
    }
    const control = CONTROL[c];
    if (control) keys.push({ kind: control });
    else if (c === '?') keys.push({ kind: 'help' });
    // Any other control (C0, C1 such as the 8-bit CSI 0x9B, bidi controls) is never put in the line nor echoed raw.
    else if (CONTROL_CHARS.test(c)) keys.push({ kind: 'ignored' });
    else keys.push({ kind: 'char', char: c });
    i++;
  }
  return { keys, rest: '' };
}
