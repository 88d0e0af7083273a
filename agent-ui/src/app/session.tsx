// Who is signed in. A 401 from anywhere (or a rejected socket) ends the session
// and returns to sign-in with a notice, keeping the URL so the agent lands back
// where they were.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { auth } from '../api/endpoints';
import { getToken, onSessionExpired, setToken } from '../api/http';
import type { Agent } from '../api/types';
import { realtime } from '../realtime/socket';

type Status = 'checking' | 'signedOut' | 'signedIn';

interface SessionValue {
  status: Status;
  agent: Agent | null;
  expired: boolean;
  signIn: (token: string, agent: Agent) => void;
  signOut: () => Promise<void>;
  /** The agent as the server returned it after they changed their own profile. */
  setMe: (agent: Agent) => void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>(getToken() ? 'checking' : 'signedOut');
  const [agent, setAgent] = useState<Agent | null>(null);
  const [expired, setExpired] = useState(false);

  const expire = useCallback(() => {
    realtime.disconnect();
    setToken(null);
    setAgent((was) => {
      if (was) setExpired(true);
      return null;
    });
    setStatus('signedOut');
  }, []);

  useEffect(() => onSessionExpired(expire), [expire]);

  useEffect(() => {
    if (status !== 'checking') return;
    auth
      .me()
      .then(({ agent: a }) => {
        setAgent(a);
        setStatus('signedIn');
      })
      .catch(() => setStatus('signedOut'));
  }, [status]);

  useEffect(() => {
    const token = getToken();
    if (status === 'signedIn' && token) realtime.connect(token, () => void auth.me().catch(() => undefined));
    return () => realtime.disconnect();
  }, [status]);

  const signIn = useCallback((token: string, a: Agent) => {
    setToken(token);
    setAgent(a);
    setExpired(false);
    setStatus('signedIn');
  }, []);

  const signOut = useCallback(async () => {
    try {
      await auth.logout();
    } finally {
      realtime.disconnect();
      setToken(null);
      setAgent(null);
      setExpired(false);
      setStatus('signedOut');
    }
  }, []);

  const setMe = useCallback((a: Agent) => setAgent(a), []);
  const value = useMemo(() => ({ status, agent, expired, signIn, signOut, setMe }), [status, agent, expired, signIn, signOut, setMe]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The signed-in agent; only used below the sign-in gate. */
export function useMe(): Agent {
  const { agent } = useSession();
  if (!agent) throw new Error('useMe while signed out');
  return agent;
}
