import { Fragment } from 'react';

/**
 * Exercise text with its `code` spans (between backticks) shown as <code>:
 * commands stand out from the prose around them. An unmatched backtick is
 * shown as it is.
 */
export function InlineCode({ text }: { text: string }) {
  const parts = text.split('`');
  // An even number of parts means an odd number of backticks: the last one opens nothing.
  const closed = parts.length % 2 === 1 ? parts.length : parts.length - 1;
  return (
    <>
      {parts.map((part, i) => {
        if (i >= closed) return <Fragment key={i}>{`\`${part}`}</Fragment>;
        return i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>;
      })}
    </>
  );
}
