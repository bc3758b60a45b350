import type { BmpMessageTypeName as CodecName } from '@bmp-lab/codec';
import type { BmpMessageTypeName as ProtocolName } from '@bmp-lab/protocol';

/**
 * The codec and the public protocol name BMP message types independently
 * (the web app may not import the codec). This fails to compile the moment
 * the two lists differ.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const BMP_TYPE_NAMES_AGREE: Same<CodecName, ProtocolName> = true;
