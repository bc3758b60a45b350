import type { DeviceConfig } from '../config/device-config.js';
import { firstPeerLineDifference, peerLineDiffers, sameData, surelyPrintDifferently } from '../config/config-difference.js';
import { renderConfig } from '../config/render-config.js';

/**
 * Whether a console's candidate has uncommitted changes — the `*` or `~` of
 * every configuration prompt (docs/vrp-behaviour.md §1: `~` when the
 * candidate prints the same as the running configuration, so undoing a
 * change brings `~` back).
 *
 * The prompt asks after every line; printing both configurations each time
 * made a paste of n lines cost n² (n³ with a quadratic printer). Instead the
 * answer is kept per candidate version — the console bumps the version
 * whenever a command may have touched the candidate — and a new version is
 * judged cheapest first: constant-time counts that surely differ, a peer
 * line found different before, then structural equality (equal data prints
 * equal text), and only when none decides, the printed texts themselves.
 */
export class CandidateTracker {
  private changes = 0;
  private known: { version: number; running: DeviceConfig; dirty: boolean } | null = null;
  private runningText: { config: DeviceConfig; text: string } | null = null;
  /** A peer whose line differed at the last full comparison: a paste editing peers in place re-checks it first. */
  private differingPeer = -1;
  /** How many times the configurations were compared in full (data or text): a paste must not do it per line. */
  fullComparisons = 0;

  /** Bumped on every possible change of the candidate. */
  get version(): number {
    return this.changes;
  }

  /** The candidate may have changed (a command read it, or it was replaced). */
  touch(): void {
    this.changes++;
  }

  /** Whether the candidate prints differently from the running configuration. */
  dirty(candidate: DeviceConfig, running: DeviceConfig): boolean {
    const known = this.known;
    if (known && known.version === this.version && known.running === running) return known.dirty;
    const dirty = this.compare(candidate, running);
    this.known = { version: this.version, running, dirty };
    return dirty;
  }

  private compare(candidate: DeviceConfig, running: DeviceConfig): boolean {
    if (surelyPrintDifferently(candidate, running)) return true;
    if (this.differingPeer >= 0 && peerLineDiffers(candidate, running, this.differingPeer)) return true;
    this.fullComparisons++;
    if (sameData(candidate, running)) return false;
    this.differingPeer = firstPeerLineDifference(candidate, running);
    if (this.differingPeer >= 0) return true;
    return renderConfig(candidate).join('\n') !== this.textOf(running);
  }

  /** The running configuration as text, printed once per commit. */
  private textOf(running: DeviceConfig): string {
    if (this.runningText?.config !== running) this.runningText = { config: running, text: renderConfig(running).join('\n') };
    return this.runningText.text;
  }
}
