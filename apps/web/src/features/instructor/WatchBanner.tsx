import './instructor.css';
/** Says the page is a read-only watch of a trainee's console (typing is refused by the server). */
export function WatchBanner() {
  return (
    <div className="watch-banner" role="status" data-testid="watch-banner">
      Read-only: watching a trainee’s console
    </div>
  );
}
