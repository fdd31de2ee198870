import { Clock } from '@orrery/core';
import { NonceStore } from './nonce-store';
import { hmacSha1Signature, sameSignature, signatureBaseString } from './oauth1-signature';

/** A launch as posted: the URL the LMS signed and every form field in order. */
export interface SignedLaunch {
  method: string;
  url: URL;
  formPairs: readonly (readonly [string, string])[];
}

export interface LaunchCheckOptions {
  /** consumer key -> shared secret */
  consumers: Readonly<Record<string, string>>;
  timestampWindowSeconds: number;
  clock: Clock;
  nonces: NonceStore;
}

export type LaunchVerdict =
  | { ok: true; consumerKey: string; params: Record<string, string> }
  | { ok: false; status: number; message: string; reason: string };

const OAUTH_REQUIRED = [
  'oauth_consumer_key',
  'oauth_signature_method',
  'oauth_timestamp',
  'oauth_nonce',
  'oauth_signature',
] as const;

/** LTI 1.1 requires the first three; user_id is recommended there, but identity needs it. */
const LTI_REQUIRED = ['lti_message_type', 'lti_version', 'resource_link_id', 'user_id'] as const;

const AGAIN = 'Open the hub again from your course in the LMS.';

function refuse(status: number, message: string, reason: string): LaunchVerdict {
  return { ok: false, status, message, reason };
}

/**
 * Checks an LTI 1.1 basic launch: required fields, a known consumer, a timestamp inside the
 * window, the HMAC-SHA1 signature, then the nonce (recorded only for a valid signature, so
 * forged posts cannot fill the store). The query of `url` counts, as the LMS signed it.
 */
export function checkLaunch(launch: SignedLaunch, options: LaunchCheckOptions): LaunchVerdict {
  const params = firstValues(launch);
  const missing = [...OAUTH_REQUIRED, ...LTI_REQUIRED].filter((name) => !params[name]);
  if (missing.length > 0) {
    return refuse(
      400,
      `The launch is missing ${missing.join(', ')}. Check the LTI tool settings in your LMS.`,
      `missing launch parameters: ${missing.join(', ')}`,
    );
  }
  const shape = wrongShape(params);
  if (shape) return refuse(400, `The launch is not an LTI 1.1 basic launch (${shape}).`, shape);
  const consumerKey = params.oauth_consumer_key;
  const secret = Object.hasOwn(options.consumers, consumerKey)
    ? options.consumers[consumerKey]
    : undefined;
  if (secret === undefined) {
    return refuse(
      401,
      'This LMS is not registered with the hub (unknown consumer key). Ask the hub administrator.',
      `unknown consumer key ${JSON.stringify(consumerKey)}`,
    );
  }
  const skew = timestampSkew(params.oauth_timestamp, options.clock);
  if (skew === null || Math.abs(skew) > options.timestampWindowSeconds) {
    return refuse(
      401,
      `This launch has expired. ${AGAIN}`,
      `oauth_timestamp ${params.oauth_timestamp} is ${skew ?? 'not a number'}` +
        ` s from the hub clock (window ${options.timestampWindowSeconds} s)`,
    );
  }
  const expected = hmacSha1Signature(
    signatureBaseString(launch.method, launch.url, launch.formPairs),
    secret,
  );
  if (!sameSignature(expected, params.oauth_signature)) {
    return refuse(
      401,
      `This launch could not be verified (its signature does not match). ${AGAIN}`,
      `oauth_signature mismatch for consumer ${JSON.stringify(consumerKey)} on ${launch.url.origin}${launch.url.pathname}`,
    );
  }
  const expiresAt = new Date(
    (Number(params.oauth_timestamp) + options.timestampWindowSeconds) * 1000,
  );
  const nonceKey = [consumerKey, params.oauth_timestamp, params.oauth_nonce].join('\n');
  if (!options.nonces.claim(nonceKey, expiresAt)) {
    return refuse(
      401,
      `This launch was already used; a launch works once. ${AGAIN}`,
      `oauth_nonce ${JSON.stringify(params.oauth_nonce)} replayed for consumer ${JSON.stringify(consumerKey)}`,
    );
  }
  return { ok: true, consumerKey, params };
}

/** The first value of each field, the query's first where the form has none. */
function firstValues(launch: SignedLaunch): Record<string, string> {
  const params = Object.create(null) as Record<string, string>;
  for (const [name, value] of [...launch.formPairs, ...launch.url.searchParams.entries()]) {
    if (!Object.hasOwn(params, name)) params[name] = value;
  }
  return params;
}

function wrongShape(params: Record<string, string>): string | null {
  if (params.oauth_signature_method !== 'HMAC-SHA1') {
    return `oauth_signature_method ${params.oauth_signature_method}, expected HMAC-SHA1`;
  }
  if (params.oauth_version && params.oauth_version !== '1.0') {
    return `oauth_version ${params.oauth_version}, expected 1.0`;
  }
  if (params.lti_message_type !== 'basic-lti-launch-request') {
    return `lti_message_type ${params.lti_message_type}, expected basic-lti-launch-request`;
  }
  return null;
}

/** Seconds between the launch timestamp and now (positive: in the past); null if malformed. */
function timestampSkew(timestamp: string, clock: Clock): number | null {
  if (!/^\d{1,12}$/.test(timestamp)) return null;
  return Math.round(clock.now().getTime() / 1000) - Number(timestamp);
}
