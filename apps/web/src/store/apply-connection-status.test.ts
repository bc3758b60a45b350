import { describe, expect, it } from 'vitest';
import { applyConnectionStatus } from './apply-connection-status.js';
import { createLabStore, receiveServerMessage, setConnectionStatus } from './lab-store.js';
import { initialLabState } from './state.js';

describe('applyConnectionStatus', () => {
  it('sets the phase and keeps identity when nothing changes', () => {
    const s0 = initialLabState();
    const s1 = applyConnectionStatus(s0, { phase: 'open', attempt: 0, retryAt: null });
    expect(s1.connection.phase).toBe('open');
    expect(applyConnectionStatus(s1, { phase: 'open', attempt: 0, retryAt: null })).toBe(s1);
  });
});

describe('lab store', () => {
  it('notifies subscribers only on real changes', () => {
    const store = createLabStore();
    let calls = 0;
    store.subscribe(() => calls++);
    receiveServerMessage(store, { type: 'console.output', consoleId: 'c', data: 'x', offset: 0 });
    expect(calls).toBe(0);
    setConnectionStatus(store, { phase: 'closed', attempt: 1, retryAt: 5 });
    receiveServerMessage(store, { type: 'welcome', protocol: 2, labId: 'l', router: 'HUAWEI', stations: [] });
    expect(calls).toBe(2);
    expect(store.getState().connection.phase).toBe('closed');
    expect(store.getState().lab?.router).toBe('HUAWEI');
  });
});
