/**
 * A tiny path router for the chair app (a handful of screens under /chair): history API + one external store.
 * Kept out of TanStack Router on purpose: the phone's initial JavaScript budget is 120 KB gzip.
 */
import { forwardRef, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export const BASE = '/chair';
const listeners = new Set<() => void>();

function emit(): void {
  listeners.forEach((l) => l());
}

if (typeof window !== 'undefined') window.addEventListener('popstate', emit);

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  emit();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The path inside the app, without /chair and without a trailing slash ('' is the home screen). */
export function usePath(): string {
  const path = useSyncExternalStore(subscribe, () => window.location.pathname);
  const inner = path.startsWith(BASE) ? path.slice(BASE.length) : path;
  return inner.replace(/\/+$/, '');
}

export const ChairLink = forwardRef<HTMLAnchorElement, AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }>(
  function ChairLink({ href, onClick, ...rest }, ref) {
    const go = (e: MouseEvent<HTMLAnchorElement>) => {
      onClick?.(e);
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      navigate(href);
    };
    return <a ref={ref} href={href} onClick={go} {...rest} />;
  },
);
