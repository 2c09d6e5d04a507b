/**
 * A small history-API router: the gateway and CloudFront answer every non-API path with index.html,
 * so `/notices/w1` reloads to the same page. Paths are matched against templates like `/rounds/:id`.
 */
import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useSyncExternalStore } from 'react';

const subscribers = new Set<() => void>();

function subscribe(callback: () => void): () => void {
  subscribers.add(callback);
  window.addEventListener('popstate', callback);
  return () => {
    subscribers.delete(callback);
    window.removeEventListener('popstate', callback);
  };
}

const snapshot = (): string => location.pathname + location.search;

/** Goes to `to` without reloading; moves focus to the main heading for screen-reader users. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const callback of subscribers) callback();
  window.scrollTo(0, 0);
  // Keyboard and screen-reader users continue at the new page's content, not at the old link.
  requestAnimationFrame(() => document.getElementById('main')?.focus({ preventScroll: true }));
}

/** The current path and query, re-rendering on navigation. */
export function useLocation(): { pathname: string; search: URLSearchParams } {
  const current = useSyncExternalStore(subscribe, snapshot, snapshot);
  const url = new URL(current, 'http://portal.invalid');
  return { pathname: url.pathname, search: url.searchParams };
}

/** `/rounds/:roundId` against `/rounds/r1` → `{roundId: 'r1'}`; undefined when it does not match. */
export function matchPath(template: string, pathname: string): Record<string, string> | undefined {
  const want = template.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = have[i] as string;
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeURIComponent(actual);
    else if (segment !== actual) return undefined;
  }
  return params;
}

export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const { to, onClick, ...rest } = props;
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    event.preventDefault();
    navigate(to);
  };
  const { pathname } = useLocation();
  const current = pathname === to.split('?')[0] ? 'page' : undefined;
  return <a href={to} aria-current={current} onClick={handle} {...rest} />;
}

/** Sets the document title: `页面 - 太原市政府质量奖评审平台`. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} - 太原市政府质量奖评审平台`;
  }, [title]);
}
