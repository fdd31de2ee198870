/**
 * Python's `urlencode` (quote_plus): spaces become '+', and only letters, digits and `_.-~`
 * stay unescaped. Clients compare what they get back with what they sent, so the encoding
 * of `state` and error text follows JupyterHub's exactly.
 */
export function pythonQuotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * `uri` with `params` appended to its query (kept before any fragment), as oauthlib's
 * `add_params_to_uri` does for the code and for errors.
 */
export function addParamsToUri(uri: string, params: [string, string][]): string {
  const hashAt = uri.indexOf('#');
  const fragment = hashAt >= 0 ? uri.slice(hashAt) : '';
  const base = hashAt >= 0 ? uri.slice(0, hashAt) : uri;
  const added = params.map(([k, v]) => `${pythonQuotePlus(k)}=${pythonQuotePlus(v)}`).join('&');
  if (!added) return uri;
  const queryAt = base.indexOf('?');
  if (queryAt < 0) return `${base}?${added}${fragment}`;
  const query = base.slice(queryAt + 1);
  return `${base}${query ? '&' : ''}${added}${fragment}`;
}
