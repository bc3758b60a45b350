import { defineCommand } from '@bmp-lab/cli-engine';
import type { Question, Reply } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import { keywords } from './keywords.js';

/** The device's texts (docs/vrp-behaviour.md §3.12, [S10-save]). */
export const SAVE_TEXT = {
  warning: 'Warning: all configuration will be written to the device.',
  confirm: 'Are you sure to continue?[Y/N]',
  saving: 'Now saving all configuration to the slot 1',
  done: 'Info: Save the configuration successfully.',
  /**
   * ⚠ INFERRED: the reference says only that the first save (no next-startup
   * file yet) asks whether to save to `vrpcfg.zip`; this is its wording in
   * VRP's `Warning: … [Y/N]:` style.
   */
  firstFile: 'Warning: The next startup configuration file does not exist. Save the configuration to vrpcfg.zip? [Y/N]:',
  /** ⚠ INFERRED: the answer when the device could not store the configuration (its storage gives the reason line). */
  failed: 'Error: Failed to save the configuration.',
  /** ⚠ INFERRED: VRP's answer to anything but Y or N at a [Y/N] question. */
  chooseYN: "Error: Please choose 'YES' or 'NO' first before pressing 'Enter'. [Y/N]:",
} as const;

/**
 * A [Y/N] question: `yes` runs on Y, N ends quietly, anything else asks again.
 * ⚠ INFERRED: an empty answer counts as N, as on VRP's other [Y/N] prompts.
 */
function yesNo(text: string, yes: () => Reply): Question {
  const answer = (input: string): Reply => {
    const a = input.trim().toLowerCase();
    if (a === 'y' || a === 'yes') return yes();
    if (a === 'n' || a === 'no' || a === '') return { lines: [] };
    return { lines: [], question: { text: SAVE_TEXT.chooseYN, answer } };
  };
  return { text, answer };
}

/**
 * `save` (user view, level 2): writes the running configuration (never the
 * uncommitted candidate) to the device's startup configuration, which the
 * device comes back with after a restart (docs/vrp-behaviour.md §3.12). The first save
 * also asks about `vrpcfg.zip`. ⚠ INFERRED: `save configuration-file` and
 * `save shareable-configuration` are not emulated.
 */
export const save = defineCommand<CommandContext>({
  id: 'save',
  summary: 'Saves all configurations to a storage device.',
  syntax: ['save'],
  keywords: keywords([], { save: 'Save file' }),
  views: [VIEW.user],
  level: 2,
  run(ctx) {
    const write = (): Reply => {
      try {
        ctx.saveConfiguration();
      } catch (e) {
        // The device could not store it (a full or read-only disk): say so, never "successfully".
        const line = e instanceof Error && e.message.startsWith('Error:') ? e.message : SAVE_TEXT.failed;
        return { lines: [SAVE_TEXT.saving, line] };
      }
      return { lines: [SAVE_TEXT.saving, SAVE_TEXT.done] };
    };
    ctx.print(SAVE_TEXT.warning);
    ctx.ask(yesNo(SAVE_TEXT.confirm, () => (ctx.hasSavedConfiguration() ? write() : { lines: [], question: yesNo(SAVE_TEXT.firstFile, write) })));
  },
});
