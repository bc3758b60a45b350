import { describe, expect, it } from 'vitest';
import ssh2 from 'ssh2';
import { loadHostKey } from '../src/vty/ssh-server.js';

describe('the SSH host key', () => {
  // ssh2's ed25519 generator emits a malformed key about once in 256; 3,000 fresh keys hit that with near certainty.
  it('is always one ssh2 reads back, so the SSH server always starts', () => {
    let malformed = 0;
    for (let i = 0; i < 3000; i++) if (ssh2.utils.parseKey(loadHostKey(null)) instanceof Error) malformed++;
    expect(malformed).toBe(0);
  });
});
