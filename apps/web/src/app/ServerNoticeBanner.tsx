import { selectNotice } from '../store/index.js';
import { useLabState } from './lab-context.js';

/** The last `error` frame from the server (it refused something this page sent). */
export function ServerNoticeBanner() {
  const notice = useLabState(selectNotice);
  if (notice === null) return <span className="header-spacer" />;
  return (
    <span className="header-spacer notice" role="alert" title={notice.code}>
      {notice.message}
    </span>
  );
}
