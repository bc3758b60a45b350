import { useLayoutEffect, useRef } from 'react';

/** How close to the bottom (px) still counts as "following the log". */
const FOLLOW_SLACK_PX = 24;

/**
 * Keep a scrolling log pinned to its newest (bottom) entry while the reader is
 * at the bottom, also when the box itself shrinks or grows; once they scroll
 * up to read, leave the position alone.
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
    const observer = new ResizeObserver(() => {
      if (following.current) el.scrollTop = el.scrollHeight;
    });
    el.addEventListener('scroll', onScroll, { passive: true });
    observer.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, []);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el !== null && following.current) el.scrollTop = el.scrollHeight;
  }, [content]);

  return ref;
}
