import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from 'react';

import { getSnapshot, initSession, signIn, signOut, subscribe, type SessionSnapshot } from './session';

export interface AuthContextValue extends SessionSnapshot {
  signIn: typeof signIn;
  signOut: typeof signOut;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children, skipInit = false }: { children: ReactNode; skipInit?: boolean }) {
  const session = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  useEffect(() => {
    if (!skipInit) initSession();
  }, [skipInit]);
  return <AuthContext.Provider value={{ ...session, signIn, signOut }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}
