import { describe, expect, it, vi } from 'vitest';
import { neighborsApi } from './neighbors-api.js';
import { fieldsFromRoute, routeAttributes, routeFromFields } from './route-form.js';

describe('routeFromFields', () => {
  it('builds the REST body from the form, leaving out what is empty', () => {
    expect(routeFromFields({ prefix: ' 203.0.113.0/24 ', asPath: '', med: '', communities: '' })).toEqual({ ok: true, route: { prefix: '203.0.113.0/24' } });
    expect(routeFromFields({ prefix: '2001:db8:5::/48', asPath: '64510, 64511', med: '20', communities: '200:1 200:2' })).toEqual({
      ok: true,
      route: { prefix: '2001:db8:5::/48', 'as-path': [64510, 64511], med: 20, communities: ['200:1', '200:2'] },
    });
  });

  it('names the field that is wrong', () => {
    expect(routeFromFields({ prefix: '', asPath: '', med: '', communities: '' })).toMatchObject({ ok: false, error: /^Prefix/ });
    expect(routeFromFields({ prefix: '10.0.0.0', asPath: '', med: '', communities: '' })).toMatchObject({ ok: false, error: /^Prefix: "10.0.0.0" has no length/ });
    expect(routeFromFields({ prefix: '10.0.0.0/8', asPath: '100 x', med: '', communities: '' })).toMatchObject({ ok: false, error: /^AS path: "x"/ });
    expect(routeFromFields({ prefix: '10.0.0.0/8', asPath: '4294967296', med: '', communities: '' })).toMatchObject({ ok: false, error: /^AS path/ });
    expect(routeFromFields({ prefix: '10.0.0.0/8', asPath: '', med: '-1', communities: '' })).toMatchObject({ ok: false, error: /^MED: "-1"/ });
  });

  it('fills the form from a listed route and describes its attributes', () => {
    const route = { prefix: '198.18.4.0/24', 'as-path': [64510, 64511], med: 50, communities: ['200:4'] };
    expect(routeFromFields(fieldsFromRoute(route))).toEqual({ ok: true, route });
    expect(routeAttributes(route)).toBe('AS path 64510 64511 · MED 50 · 200:4');
    expect(routeAttributes({ prefix: '10.0.0.0/8' })).toBe('');
  });
});

describe('neighborsApi', () => {
  function answering(status: number, body: unknown) {
    return vi.fn(() => Promise.resolve(new Response(body === null ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })));
  }

  it('calls the agreed endpoints with JSON bodies, the prefix URL-encoded', async () => {
    const fetchFn = answering(200, { announced: 1, routes: 6 });
    const api = neighborsApi('lab 1', fetchFn);
    expect(await api.announce('2001:db8:2::2', { prefix: '2001:db8:5::/48', med: 1 })).toEqual({ ok: true, value: { announced: 1, routes: 6 } });
    expect(fetchFn).toHaveBeenLastCalledWith('/api/labs/lab%201/neighbors/2001%3Adb8%3A2%3A%3A2/routes', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{"prefix":"2001:db8:5::/48","med":1}',
    });
    const gone = answering(204, null);
    expect(await neighborsApi('default', gone).withdraw('10.2.2.2', '203.0.113.0/24')).toEqual({ ok: true, value: null });
    // A DELETE has no body, so no content type either (the server refuses one).
    expect(gone).toHaveBeenLastCalledWith('/api/labs/default/neighbors/10.2.2.2/routes/203.0.113.0%2F24', { method: 'DELETE' });
    const state = answering(200, { address: '10.2.2.2', up: false });
    await neighborsApi('default', state).setUp('10.2.2.2', false);
    expect(state).toHaveBeenLastCalledWith('/api/labs/default/neighbors/10.2.2.2/state', expect.objectContaining({ method: 'PUT', body: '{"up":false}' }));
  });

  it("gives back the server's error text, or says what went wrong on the way", async () => {
    expect(await neighborsApi('default', answering(400, { error: 'med: must be a number from 0 to 4294967295' })).list()).toEqual({
      ok: false,
      error: 'med: must be a number from 0 to 4294967295',
    });
    const notJson = vi.fn(() => Promise.resolve(new Response('<html>', { status: 502, statusText: 'Bad Gateway' })));
    expect(await neighborsApi('default', notJson).list()).toEqual({ ok: false, error: 'The server answered 502 Bad Gateway' });
    const down = vi.fn(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await neighborsApi('default', down).list()).toEqual({ ok: false, error: 'The server could not be reached: Failed to fetch' });
    expect(await neighborsApi('default', answering(200, { nope: 1 })).list()).toMatchObject({ ok: false, error: /cannot read/ });
  });
});
