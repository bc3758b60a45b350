import { dissectBmpMessage } from '@bmp-lab/codec';
import type { DissectionNode } from '@bmp-lab/codec';
import type { DissectionNodeView } from '@bmp-lab/protocol';

/** The inspector's tree of a received message: the codec's field-by-field dissection, values as text. */
export function dissect(bytes: Uint8Array): DissectionNodeView[] {
  const root = dissectBmpMessage(bytes);
  return (root.children ?? []).map(toView);
}

function toView(n: DissectionNode): DissectionNodeView {
  return {
    name: n.name,
    offset: n.offset,
    length: n.length,
    ...(n.value === undefined ? {} : { value: String(n.value) }),
    ...(n.children ? { children: n.children.map(toView) } : {}),
  };
}
