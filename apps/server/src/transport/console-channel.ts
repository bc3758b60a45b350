import { LineEditor } from '@bmp-lab/cli-engine';
import type { ConsoleSession } from '@bmp-lab/router';

/**
 * A console as a browser terminal sees it: keystrokes in, terminal bytes out,
 * through the server-side line editor (like a router's vty).
 */
export class ConsoleChannel {
  private readonly editor: LineEditor;

  constructor(
    session: ConsoleSession,
    private readonly write: (data: string) => void,
  ) {
    this.editor = new LineEditor(session);
  }

  open(banner: readonly string[]): void {
    this.write(this.editor.start(banner));
  }

  input(data: string): void {
    const out = this.editor.feed(data);
    if (out) this.write(out);
  }

  resize(cols: number): void {
    this.editor.resize(cols);
  }
}
