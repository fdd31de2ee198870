import { readFileSync } from 'node:fs';
import type { TlsOptions } from 'node:tls';

/** The TLS flags of one of CHP's listeners (`--ssl-*` or `--api-ssl-*`), as commander parsed them. */
export interface TlsFlags {
  key?: string;
  cert?: string;
  ca?: string;
  requestCert?: boolean;
  rejectUnauthorized?: boolean;
}

/** The flags both listeners share in CHP: protocol, ciphers and DH parameters. */
export interface SharedTlsFlags {
  sslProtocol?: string;
  sslCiphers?: string;
  sslDhparam?: string;
}

/**
 * A listener's TLS options as configurable-http-proxy builds them: none without a key or a
 * certificate; client certificates requested and enforced exactly when the flags say so;
 * `--ssl-protocol TLSv1_2` as OpenSSL's `TLSv1_2_method`.
 */
export function tlsOptions(
  flags: TlsFlags,
  shared: SharedTlsFlags,
  passphrase: string | undefined,
): TlsOptions | undefined {
  if (!flags.key && !flags.cert) return undefined;
  const options: TlsOptions = {
    key: flags.key ? readFileSync(flags.key) : undefined,
    cert: flags.cert ? readFileSync(flags.cert) : undefined,
    passphrase,
    requestCert: flags.requestCert === true,
    rejectUnauthorized: flags.rejectUnauthorized === true,
    honorCipherOrder: true,
  };
  if (flags.ca) options.ca = readFileSync(flags.ca);
  if (shared.sslDhparam) options.dhparam = readFileSync(shared.sslDhparam);
  if (shared.sslProtocol) options.secureProtocol = `${shared.sslProtocol}_method`;
  if (shared.sslCiphers) options.ciphers = shared.sslCiphers;
  return options;
}
