import { LineEditor } from '@bmp-lab/cli-engine';
import type { ConsoleSession } from './console-session.js';

/**
 * A console as a terminal sees it, like a router's vty: raw keystrokes in,
 * terminal bytes out, through the line editor. What transports the bytes
 * (a WebSocket, a test) is not its business.
 */
export class Terminal {
  private readonly editor: LineEditor;

  constructor(readonly session: ConsoleSession) {
    this.editor = new LineEditor(session);
  }

  /** The login banner and the first prompt. */
  open(banner: readonly string[] = []): string {
    return this.editor.start(banner);
  }

  /** Keystrokes in, bytes to write out. */
  input(data: string): string {
    return this.editor.feed(data);
  }

  /** The terminal's size: width for line wrapping, height for the `---- More ----` pager. */
  resize(cols: number, rows?: number): void {
    this.editor.resize(cols, rows);
  }
}
