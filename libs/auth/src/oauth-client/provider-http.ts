import { OAuthRefusal } from './oauth-refusal';

export interface ProviderResponse {
  status: number;
  headers: Headers;
  /** parsed JSON, or the fields of a form-encoded body; null when empty or neither */
  body: Record<string, unknown> | unknown[] | null;
}

/**
 * Requests to an identity provider with a deadline (`http_request_timeout`): a provider that
 * is down or slow becomes an OAuthRefusal with a page for the person and the cause in the log,
 * instead of a login that hangs or a 500.
 */
export class ProviderHttp {
  constructor(
    /** the provider's name as people know it (login_service) */
    private readonly provider: string,
    private readonly timeoutSeconds: number,
  ) {}

  async request(
    label: string,
    url: string,
    init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; form?: URLSearchParams },
  ): Promise<ProviderResponse> {
    const headers = { Accept: 'application/json', 'User-Agent': 'Orrery', ...init.headers };
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: init.method ?? 'GET',
        headers: init.form
          ? { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }
          : headers,
        body: init.form?.toString(),
        signal: AbortSignal.timeout(this.timeoutSeconds * 1000),
      });
      text = await response.text();
    } catch (error) {
      throw this.unreachable(label, url, error);
    }
    return { status: response.status, headers: response.headers, body: parseBody(response, text) };
  }

  /** A GET whose answer must be a JSON object or list with a 2xx status. */
  async getJson(
    label: string,
    url: string,
    headers: Record<string, string>,
  ): Promise<ProviderResponse & { body: Record<string, unknown> | unknown[] }> {
    const response = await this.request(label, url, { headers });
    if (response.status >= 200 && response.status < 300 && response.body !== null) {
      return response as ProviderResponse & { body: Record<string, unknown> | unknown[] };
    }
    throw this.badAnswer(label, url, response);
  }

  badAnswer(label: string, url: string, response: ProviderResponse): OAuthRefusal {
    return new OAuthRefusal(
      502,
      `${this.provider} gave an answer this hub could not use. Try signing in again later.`,
      `${label}: ${response.status} from ${withoutQuery(url)}: ${JSON.stringify(response.body)}`,
      response.status,
    );
  }

  private unreachable(label: string, url: string, error: unknown): OAuthRefusal {
    const where = withoutQuery(url);
    // fetch's errors come from undici's realm: read them by shape, not with instanceof
    const failure = error as {
      name?: string;
      message?: string;
      cause?: { code?: string; message?: string };
    };
    if (failure.name === 'TimeoutError') {
      return new OAuthRefusal(
        504,
        `${this.provider} did not answer in time. Try signing in again later.`,
        `${label}: no answer from ${where} within ${this.timeoutSeconds} s (http_request_timeout)`,
      );
    }
    const detail =
      failure.cause?.code ?? failure.cause?.message ?? failure.message ?? String(error);
    return new OAuthRefusal(
      502,
      `${this.provider} could not be reached. Try signing in again later.`,
      `${label}: ${where} unreachable: ${detail}`,
    );
  }
}

function parseBody(response: Response, text: string): ProviderResponse['body'] {
  if (!text) return null;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as ProviderResponse['body'])
      : null;
  } catch {
    // not JSON (an HTML error page of a proxy in front of the provider): reported as unusable
    return null;
  }
}

/** A URL for the log: query strings of provider calls can carry tokens (userdata_token_method). */
export function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
