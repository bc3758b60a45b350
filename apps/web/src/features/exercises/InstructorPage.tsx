import './exercises.css';
import { useEffect, useState } from 'react';
import { InstructorTable } from '../instructor/InstructorTable.js';
import { savedToken, useInstructorFeed } from '../instructor/use-instructor-feed.js';

/**
 * `/instructor`: every trainee's progress, live over the instructor socket
 * (`/ws?instructor=1`). The token is asked once and remembered for the
 * browser session (sessionStorage).
 */
export function InstructorPage() {
  const feed = useInstructorFeed();
  const [token, setToken] = useState(savedToken);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const asking = feed.status === 'idle' || feed.status === 'refused';
  return (
    <main className="instructor">
      <h1>BMP Lab — instructor view</h1>
      {asking && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            feed.connect(token);
          }}
        >
          <label>
            Instructor token <input type="password" name="token" value={token} onChange={(e) => setToken(e.target.value)} />
          </label>
          <button type="submit">Show labs</button>
        </form>
      )}
      {feed.status === 'connecting' && <p className="instructor-muted">Connecting…</p>}
      {feed.error && (
        <p role="alert" className="instructor-error">
          {feed.error}
        </p>
      )}
      {feed.notice && <p role="status">{feed.notice}</p>}
      {feed.status !== 'idle' && feed.status !== 'refused' && feed.rows.size > 0 && <InstructorTable rows={feed.rows} now={now} reset={feed.reset} />}
    </main>
  );
}
