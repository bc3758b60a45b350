import { useState } from 'react';

interface LabRow {
  id: string;
  url: string;
  router: string;
  exercise: string | null;
  title: string | null;
  passed: number;
  checks: number;
  completed: boolean;
  sessions: { key: string; address: string; alias: string | null; vpnInstance: string | null; port: number | null; state: string; downReason: string | null }[];
}

/** `/instructor`: every lab's exercise progress and BMP sessions, read over REST with the instructor token. */
export function InstructorPage() {
  const [token, setToken] = useState('');
  const [labs, setLabs] = useState<LabRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    setError(null);
    try {
      const res = await fetch('/api/instructor/labs', { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { labs?: LabRow[]; error?: string };
      if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
      setLabs(body.labs ?? []);
    } catch (e) {
      setLabs(null);
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <main className="instructor">
      <h1>BMP Lab — instructor view</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <label>
          Instructor token <input type="password" name="token" value={token} onChange={(e) => setToken(e.target.value)} />
        </label>
        <button type="submit">Show labs</button>
      </form>
      {error && <p role="alert" className="instructor-error">{error}</p>}
      {labs && (
        <table className="instructor-labs">
          <thead>
            <tr>
              <th>Lab</th>
              <th>Exercise</th>
              <th>Progress</th>
              <th>BMP sessions</th>
            </tr>
          </thead>
          <tbody>
            {labs.map((l) => (
              <tr key={l.id} data-testid="instructor-lab" data-lab-id={l.id}>
                <td>
                  <a href={l.url}>{l.id}</a> ({l.router})
                </td>
                <td>{l.title ?? '—'}</td>
                <td data-completed={l.completed ? 'true' : 'false'}>{l.exercise ? `${l.passed}/${l.checks}${l.completed ? ' ✔ completed' : ''}` : '—'}</td>
                <td>
                  {l.sessions.length === 0
                    ? 'none'
                    : l.sessions.map((s) => (
                        <span key={s.key} className={`instructor-session session-${s.state}`} data-state={s.state}>
                          {s.vpnInstance ? `${s.vpnInstance}/` : ''}
                          {s.address}
                          {s.alias ? ` (${s.alias})` : ''}:{s.port ?? '?'} {s.state}
                          {s.downReason ? ` — ${s.downReason}` : ''}{' '}
                        </span>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
