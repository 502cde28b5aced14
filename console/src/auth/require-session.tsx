import { Fragment } from 'react';
import { Spin } from 'antd';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from './session';
import { SessionExpiredDialog } from './session-expired-dialog';

/** Pages behind the login: without a session, to the login page, coming back afterwards; a session that
 * ran out under the page keeps the page behind a sign-in dialog. */
export function RequireSession() {
  const { me, loading, signedOut, expired } = useSession();
  const location = useLocation();
  if (loading) return <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />;
  if (!me) {
    // After signing out, the next person to sign in starts at the queue, not at the last case.
    if (signedOut) return <Navigate to="/login" replace />;
    const next = location.pathname + location.search;
    return <Navigate to={`/login${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  // The page stays the first child whether the dialog shows or not: it is not mounted again, except for
  // another user, who gets nothing of the last one's (selections, open forms, typed text).
  return (
    <>
      <Fragment key={me.sub}>
        <Outlet />
      </Fragment>
      {expired && <SessionExpiredDialog />}
    </>
  );
}
