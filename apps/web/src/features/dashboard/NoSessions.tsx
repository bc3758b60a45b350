/** The empty table: tell the trainee how to get a first row. */
export function NoSessions() {
  return (
    <div className="empty-state">
      <p>No BMP session is configured yet. In the terminal, try:</p>
      <pre>{'system-view\nbmp\nbmp-session 10.1.1.1\ntcp connect port 1790\ncommit'}</pre>
    </div>
  );
}
