import { CommandTable, NO_PERMISSION, renderHelp, renderParseError, renderPrompt } from '@bmp-lab/cli-engine';
import type { Level, LineEditorHost, OutputFilter, Question, Reply } from '@bmp-lab/cli-engine';
import type { BgpView, CommandContext } from '../commands/command-context.js';
import { cloneConfig } from '../config/device-config.js';
import type { DeviceConfig } from '../config/device-config.js';
import { CandidateTracker } from './candidate-tracker.js';
import type { BmpSessionStatus } from '../bmp-client/bmp-session.js';
import type { BgpFamily } from '../bgp/family.js';
import { viewSuffix } from './views.js';
import { MSG } from '../commands/messages.js';
import type { ViewFrame } from './views.js';
import type { Vty, VtyTable, VtyUser } from './vty.js';

/** What a console needs of the device it is attached to: what commands read of it (CommandContext), and more. */
export interface ConsoleDevice extends Pick<CommandContext, 'bmpSessions' | 'bgp' | 'refreshBgp' | 'resetBmpSessions' | 'now' | 'uptimeMs' | 'timerRemaining'> {
  readonly running: DeviceConfig;
  readonly commands: CommandTable<CommandContext>;
  commit(candidate: DeviceConfig): void;
  /** `save` (optional: a device without storage has never saved). */
  hasSavedConfiguration?(): boolean;
  saveConfiguration?(): void;
  /** The device's VTY lines (optional: a device without them lists no users). */
  readonly vtys?: VtyTable;
  /** The BMP debugging switches turned on (`debugging bmp …`), device-wide (optional: a device without them keeps one set per console). */
  readonly debugging?: Set<string>;
}

/** The real device's question (docs/vrp-behaviour.md §3.4, captured from a VRP8 device). */
export const UNCOMMITTED_QUESTION = 'Warning: Uncommitted configurations found, commit them before exiting? [Y(yes)/N(no)/C(cancel)]:';
export const CHOOSE_YNC = "Error: Please choose 'YES', 'NO' or 'CANCEL' first before pressing 'Enter'. [Y/N/C]:";

/**
 * One user's console on the device, like a vty: the open views, this user's
 * candidate configuration (two-stage commit), privilege level. It is the
 * line editor's host and the commands' context.
 */
export class ConsoleSession implements LineEditorHost, CommandContext {
  private stack: ViewFrame[] = [{ view: 'user' }];
  private candidateConfig: DeviceConfig | null = null;
  /** Whether the candidate has uncommitted changes, kept per candidate version (the prompt asks on every line). */
  readonly candidateTracker = new CandidateTracker();
  private output: string[] = [];
  private question: Question | null = null;
  private loggingOut = false;
  /** `screen-length N temporary`; undefined pages by the terminal's height. */
  private lines: number | undefined;
  /** Counts `discard()`s: a question asked before the latest one answers nothing. */
  private generation = 0;

  constructor(
    private readonly device: ConsoleDevice,
    readonly level: Level = 3,
    /** The VTY this console is logged in on (null: an internal console, e.g. a lab reset). */
    readonly vty: Vty | null = null,
  ) {}

  // ---- LineEditorHost -------------------------------------------------------

  prompt(): string {
    return renderPrompt({
      sysname: this.device.running.sysname,
      viewSuffix: viewSuffix(this.frame),
      dirty: this.dirty(),
    });
  }

  execute(line: string): Reply {
    const promptLength = this.prompt().length;
    // A line that starts with `!` or `#` is a comment (docs/vrp-behaviour.md §3.2).
    if (/^\s*[!#]/.test(line)) return { lines: [] };
    const match = this.device.commands.match(this.frame.view, this.level, line);
    switch (match.kind) {
      case 'empty':
        return { lines: [] };
      case 'error':
        return { lines: renderParseError(match.error, promptLength, match.offset) };
      case 'no-permission':
        return { lines: [NO_PERMISSION] };
      case 'ok': {
        const reply = this.collect(() => match.command.run(this, match.args));
        if (match.args.filter) reply.lines = applyFilter(reply.lines, match.args.filter);
        return reply;
      }
    }
  }

  screenLength(): number | undefined {
    return this.lines;
  }

  suspend(): Reply {
    return this.collect(() => this.returnToUser());
  }

  help(text: string): string[] {
    return renderHelp(this.device.commands.help(this.frame.view, this.level, text), this.prompt().length);
  }

  completions(text: string): string[] {
    return this.device.commands.completions(this.frame.view, this.level, text);
  }

  logoutBanner(): string[] {
    // A remote user's connection closes on logout: nothing invites a new login.
    if (this.vty?.closesOnLogout) return [];
    return ['', '  Configuration console exit, please press any key to log on', ''];
  }

  // ---- CommandContext -------------------------------------------------------

  get frame(): ViewFrame {
    return this.stack[this.stack.length - 1]!;
  }

  get candidate(): DeviceConfig {
    if (!this.candidateConfig) throw new Error('no candidate configuration outside the configuration views');
    // Whoever reads the candidate may change it: the `*` / `~` is judged again.
    this.candidateTracker.touch();
    return this.candidateConfig;
  }

  get running(): DeviceConfig {
    return this.device.running;
  }

  bmpSessions(): BmpSessionStatus[] {
    return this.device.bmpSessions();
  }

  bgp(): BgpView {
    return this.device.bgp();
  }

  refreshBgp(target: string /* 'all' or a peer address */, direction: 'import' | 'export', family?: BgpFamily): string[] {
    return this.device.refreshBgp(target, direction, family);
  }

  resetBmpSessions(keys: readonly string[] | 'all'): number {
    return this.device.resetBmpSessions(keys);
  }

  private ownDebugging: Set<string> | null = null;

  debugSwitches(): Set<string> {
    return this.device.debugging ?? (this.ownDebugging ??= new Set());
  }

  now(): number {
    return this.device.now();
  }

  uptimeMs(): number {
    return this.device.uptimeMs();
  }

  timerRemaining(deadline: number): number {
    return this.device.timerRemaining(deadline);
  }

  setScreenLength(lines: number): void {
    this.lines = lines;
  }

  clearCandidate(): void {
    this.setCandidate(cloneConfig(this.device.running));
    this.stack = [{ view: 'user' }, { view: 'system' }];
  }

  print(...lines: string[]): void {
    this.output.push(...lines);
  }

  enter(frame: ViewFrame): void {
    if (this.frame.view === 'user') this.setCandidate(cloneConfig(this.device.running));
    this.stack.push(frame);
  }

  quit(): void {
    switch (this.frame.view) {
      case 'user':
        this.loggingOut = true;
        return;
      case 'system':
        return this.leaveConfiguration();
      default:
        this.stack.pop();
    }
  }

  returnToUser(): void {
    if (this.frame.view !== 'user') this.leaveConfiguration();
  }

  /**
   * The configuration was replaced under this console (an exercise reset):
   * back to the user view without asking, the uncommitted candidate dropped,
   * and a question still waiting for its answer does nothing when answered,
   * so nothing of the old candidate can be committed afterwards.
   */
  discard(): void {
    this.stack = [{ view: 'user' }];
    this.setCandidate(null);
    this.generation++;
  }

  commit(): void {
    this.device.commit(this.candidate);
    this.setCandidate(cloneConfig(this.device.running));
  }

  ask(question: Question): void {
    this.question = question;
  }

  hasSavedConfiguration(): boolean {
    return this.device.hasSavedConfiguration?.() ?? false;
  }

  saveConfiguration(): void {
    this.device.saveConfiguration?.();
  }

  vtyUsers(): { users: VtyUser[]; self: number | null } {
    return { users: this.device.vtys?.users() ?? [], self: this.vty?.open ? this.vty.number : null };
  }

  // ---- internals ------------------------------------------------------------

  /** Uncommitted changes exist: the candidate prints differently from the running configuration. */
  private dirty(): boolean | null {
    if (!this.candidateConfig) return null;
    return this.candidateTracker.dirty(this.candidateConfig, this.device.running);
  }

  private setCandidate(config: DeviceConfig | null): void {
    this.candidateConfig = config;
    this.candidateTracker.touch();
  }

  /** Leave the configuration views; with uncommitted changes, ask first (docs/vrp-behaviour.md §3.4). */
  private leaveConfiguration(): void {
    if (!this.dirty()) return this.toUserView();
    const answer = (input: string): Reply =>
      this.collect(() => {
        const a = input.trim().toLowerCase();
        if (a === 'y' || a === 'yes') {
          this.commit();
          this.toUserView();
        } else if (a === 'n' || a === 'no') {
          this.toUserView();
        } else if (a !== 'c' && a !== 'cancel') {
          this.ask({ text: CHOOSE_YNC, answer });
        }
      });
    this.ask({ text: UNCOMMITTED_QUESTION, answer });
  }

  private toUserView(): void {
    this.stack = [{ view: 'user' }];
    this.setCandidate(null);
  }

  /** `question` as asked now: after a `discard()` its answer (and any question that answer asks) does nothing. */
  private voidedByDiscard(question: Question): Question {
    const asked = this.generation;
    return {
      text: question.text,
      answer: (input) => {
        if (asked !== this.generation) return { lines: [] };
        const reply = question.answer(input);
        return reply.question ? { ...reply, question: this.voidedByDiscard(reply.question) } : reply;
      },
    };
  }

  private collect(run: () => void): Reply {
    this.output = [];
    this.question = null;
    this.loggingOut = false;
    const before = this.candidateTracker.version;
    run();
    // A command that read the candidate may have changed it after a check inside the command (`quit` asks `dirty`).
    if (this.candidateTracker.version !== before) this.candidateTracker.touch();
    const reply: Reply = { lines: this.output };
    if (this.question) reply.question = this.voidedByDiscard(this.question);
    if (this.loggingOut) reply.logout = true;
    this.output = [];
    return reply;
  }
}

/**
 * `| include|exclude|begin regular-expression` (docs/vrp-behaviour.md §3.5): keep the
 * lines that match, that do not, or everything from the first match on.
 * ⚠ INFERRED: an invalid expression gets one error line instead of output.
 */
function applyFilter(lines: string[], filter: OutputFilter): string[] {
  let re: RegExp;
  try {
    re = new RegExp(filter.pattern);
  } catch {
    return [MSG.badRegex];
  }
  switch (filter.kind) {
    case 'include':
      return lines.filter((l) => re.test(l));
    case 'exclude':
      return lines.filter((l) => !re.test(l));
    case 'begin': {
      const first = lines.findIndex((l) => re.test(l));
      return first < 0 ? [] : lines.slice(first);
    }
  }
}
