/** GETs a path of the API as a person, failing loudly on anything but 200. */
export function apiReader(baseUrl: string) {
  return async function get<T = unknown>(path: string, token: string, query: Record<string, string> = {}): Promise<T> {
    const qs = new URLSearchParams(query).toString();
    const response = await fetch(`${baseUrl}${path}${qs ? `?${qs}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as T & { detail?: string };
    if (response.status !== 200) throw new Error(`GET ${path}?${qs}: ${response.status} ${body.detail ?? ''}`);
    return body;
  };
}
