import './instructor.css';
import { useEffect, useState } from 'react';
import type { LabSummary } from '@bmp-lab/protocol';
import { TRAINEE_NAME_MAX } from '@bmp-lab/protocol';

/** Asked once per lab and browser session: a trainee who skips is not asked again until the tab closes. */
const askedKey = (labId: string) => `bmplab.nameAsked.${labId}`;

function alreadyAsked(labId: string): boolean {
  try {
    return window.sessionStorage.getItem(askedKey(labId)) !== null;
  } catch {
    return false;
  }
}

function rememberAsked(labId: string): void {
  try {
    window.sessionStorage.setItem(askedKey(labId), '1');
  } catch {
    // Disabled storage: the question may come again after a reload.
  }
}

/**
 * On a lab without a trainee name, ask for one (it shows in the instructor's
 * table) and store it with PUT /api/labs/<id>/name; the server checks it.
 * A bar above the header, not a box over the page: it takes no focus (the
 * console keeps the keyboard) and covers nothing (instructor.css); Esc in it
 * skips, as the Skip button does.
 */
export function NamePrompt({ labId }: { labId: string }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (alreadyAsked(labId)) return;
    let cancelled = false;
    fetch(`/api/labs/${encodeURIComponent(labId)}`)
      .then((r) => (r.ok ? (r.json() as Promise<LabSummary>) : null))
      .then((lab) => {
        if (!cancelled && lab && (lab.name ?? null) === null) setOpen(true);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [labId]);
  if (!open) return null;
  const close = () => {
    rememberAsked(labId);
    setOpen(false);
  };
  const submit = async () => {
    setError(null);
    const res = await fetch(`/api/labs/${encodeURIComponent(labId)}/name`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    if (res.ok) return close();
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    setError(body.error ?? `HTTP ${res.status}`);
  };
  return (
    <div className="name-prompt" role="region" aria-label="Your name" data-testid="name-prompt">
      <form
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.preventDefault();
          close();
        }}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          Your name (for the instructor) <input name="trainee-name" value={name} maxLength={TRAINEE_NAME_MAX} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit">Save</button>
        <button type="button" onClick={close}>
          Skip
        </button>
        {error && <p role="alert">{error}</p>}
      </form>
    </div>
  );
}
