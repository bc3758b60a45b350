import { useId, useState, type ReactNode } from 'react';

/**
 * A small "?" that explains a term: a button (reachable with Tab) whose
 * explanation is its accessible description (`aria-describedby`), so a screen
 * reader announces it on focus; the text shows on hover, on keyboard focus
 * and, for touch, while toggled open by a click. Escape hides it.
 */
export function Hint(props: { term: string; children: ReactNode; testId?: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  return (
    <span className="hint">
      <button
        type="button"
        className="hint-button"
        aria-label={`What is ${props.term}?`}
        aria-describedby={id}
        aria-expanded={open}
        data-testid={props.testId}
        onClick={(e) => {
          // A hint inside a clickable row or card must not also select it.
          e.stopPropagation();
          setOpen((o) => !o);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && open) {
            e.stopPropagation();
            setOpen(false);
          }
        }}
        onBlur={() => setOpen(false)}
      >
        ?
      </button>
      <span role="tooltip" id={id} className={`hint-text${open ? ' open' : ''}`}>
        {props.children}
      </span>
    </span>
  );
}
