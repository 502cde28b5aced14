/** `/console/`: each role's landing page. The queue for staff; the court queue for a liaison; the
 * users screen for an administrator (who has no case access). */
import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { useSession } from '../auth/session';

export function Home({ queue }: { queue: ReactNode }) {
  const { me } = useSession();
  if (me?.role === 'liaison') return <Navigate to="/court" replace />;
  if (me?.role === 'admin') return <Navigate to="/admin/users" replace />;
  // An auditor's work starts from the audit search (console.md S6), not from a mediator's queue.
  if (me?.role === 'auditor') return <Navigate to="/audit" replace />;
  return <>{queue}</>;
}
