import { useEffect, useState } from 'react';
import { onSkewChange, serverNow } from '../api/server-clock';

/** The server-corrected now, re-read every `everyMs` and whenever the measured skew changes. */
export function useServerNow(everyMs = 15_000): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const tick = () => setNow(serverNow());
    const timer = window.setInterval(tick, everyMs);
    const off = onSkewChange(tick);
    return () => {
      window.clearInterval(timer);
      off();
    };
  }, [everyMs]);
  return now;
}
