// Reference data every screen needs (agents, inboxes, teams, labels, canned
// responses), loaded once after sign-in and refreshed by admin screens.
// Optional endpoints that a server may lack degrade to empty lists.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import * as api from '../api/endpoints';
import type { Agent, CannedResponse, Inbox, Label, Team } from '../api/types';
import { realtime } from '../realtime/socket';

export interface Directory {
  loaded: boolean;
  agents: Agent[];
  inboxes: Inbox[];
  teams: Team[];
  labels: Label[];
  canned: CannedResponse[];
  agentById: Map<string, Agent>;
  inboxById: Map<string, Inbox>;
  labelByName: Map<string, Label>;
  reload: () => Promise<void>;
}

const DirectoryContext = createContext<Directory | null>(null);

const orEmpty = <T,>(p: Promise<T[]>) => p.catch(() => [] as T[]);

export function DirectoryProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState({
    loaded: false,
    agents: [] as Agent[],
    inboxes: [] as Inbox[],
    teams: [] as Team[],
    labels: [] as Label[],
    canned: [] as CannedResponse[],
  });

  const reload = useCallback(async () => {
    const [agents, inboxes, teams, labels, canned] = await Promise.all([
      orEmpty(api.agents.list()),
      orEmpty(api.inboxes.list()),
      orEmpty(api.teams.list()),
      orEmpty(api.labels.list()),
      orEmpty(api.canned.list()),
    ]);
    setState({ loaded: true, agents, inboxes, teams, labels, canned });
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  // A colleague's availability, name or face changes in every open tab as it happens.
  useEffect(
    () =>
      realtime.on('agent.updated', ({ agent }) =>
        setState((s) => ({ ...s, agents: s.agents.map((a) => (a.id === agent.id ? { ...a, ...agent } : a)) })),
      ),
    [],
  );

  const value = useMemo<Directory>(
    () => ({
      ...state,
      agentById: new Map(state.agents.map((a) => [a.id, a])),
      inboxById: new Map(state.inboxes.map((i) => [i.id, i])),
      labelByName: new Map(state.labels.map((l) => [l.name, l])),
      reload,
    }),
    [state, reload],
  );
  return <DirectoryContext.Provider value={value}>{children}</DirectoryContext.Provider>;
}

export function useDirectory(): Directory {
  const v = useContext(DirectoryContext);
  if (!v) throw new Error('useDirectory outside DirectoryProvider');
  return v;
}
