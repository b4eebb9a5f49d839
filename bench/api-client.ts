/** A thin HTTP client for the API under load: JSON in and out, errors thrown with their status. */
export function apiClient(baseUrl: string) {
  return async function post<T = { id: string; visitId?: string; status: string }>(path: string, token: string, body: unknown = {}): Promise<T> {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as T & { detail?: string };
    if (!response.ok) throw new Error(`${path}: ${response.status} ${json.detail ?? ''}`);
    return json;
  };
}
