/** The tab API over fetch, with the sign-in the page established (Teams SSO or the local developer sign-in). */
export type Authorization = { scheme: 'Bearer' | 'Developer'; value: string; refresh?: () => Promise<string> };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(auth: Authorization | undefined, url: string): Promise<T> {
  const call = () =>
    fetch(url, { headers: auth ? { authorization: `${auth.scheme} ${auth.value}` } : {}, credentials: 'same-origin' });
  let res = await call();
  if (res.status === 401 && auth?.refresh) {
    // An SSO token may have expired while the tab stayed open: Teams hands out a fresh one.
    auth.value = await auth.refresh();
    res = await call();
  }
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  if (!res.ok) throw new ApiError(res.status, body.message ?? `HTTP ${res.status}`);
  return body as T;
}
