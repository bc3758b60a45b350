import { useLayoutEffect, useRef } from 'react';

/** How close to the bottom (px) still counts as "following the log". */
const FOLLOW_SLACK_PX = 24;

/**
 * Keep a scrolling log pinned to its newest (bottom) entry while the reader is
 * at the bottom; once they scroll up to read, leave the position alone.
 */
export function useStickToBottom<E extends HTMLElement>(content: unknown) {
  const ref = useRef<E>(null);
  const following = useRef(true);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const onScroll = () => {
      following.current = el.scrollHeight - el.scrollTop - el.clientHeight <= FOLLOW_SLACK_PX;
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  });

  useLayoutEffect(() => {
    const el = ref.current;
    if (el !== null && following.current) el.scrollTop = el.scrollHeight;
  }, [content]);

  return ref;
}
