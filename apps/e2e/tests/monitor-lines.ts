/**
 * The console lines the UI specs type to get a monitored router: the default lab's neighbor 10.2.2.2 (AS 200) as a
 * BGP peer, and a BMP session to the embedded station 10.1.1.1:1790 monitoring the public network, with the
 * `route-mode` lines given (none: the session's default), committed, back in the user view.
 */
export function monitorOnePeerLines(...routeModes: string[]): string[] {
  return [
    'system-view',
    'bgp 100',
    'peer 10.2.2.2 as-number 200',
    'quit',
    'bmp',
    'bmp-session 10.1.1.1',
    'tcp connect port 1790',
    'monitor public',
    ...routeModes,
    'commit',
    'return',
  ];
}
