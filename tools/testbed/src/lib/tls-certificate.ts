import { execFile } from 'node:child_process';
import { chmod, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const OPENSSL_BINARY = 'openssl';

export interface SelfSignedCertificate {
  /** The certificate in PEM: what a client trusts as its CA to accept this server. */
  certificatePem: string;
  certificateFile: string;
  /** The private key (PEM, 0600), for the server only. */
  keyFile: string;
}

export interface SelfSignedCertificateOptions {
  /** Subject common name; the first IP address or DNS name when omitted. */
  commonName?: string;
  /** Names the certificate is valid for (subjectAltName). */
  ipAddresses?: readonly string[];
  dnsNames?: readonly string[];
  days?: number;
  /** File name stem inside `dir`. */
  name?: string;
}

/**
 * Makes a self-signed RSA certificate and key in `dir` with the `openssl` CLI (offline,
 * no CA): valid for 127.0.0.1 and localhost unless told otherwise, so that a client
 * that trusts the certificate also passes its host name check.
 */
export async function makeSelfSignedCertificate(dir: string, options: SelfSignedCertificateOptions = {}): Promise<SelfSignedCertificate> {
  const ipAddresses = options.ipAddresses ?? ['127.0.0.1'];
  const dnsNames = options.dnsNames ?? ['localhost'];
  const commonName = options.commonName ?? ipAddresses[0] ?? dnsNames[0] ?? 'ipfs-kit-testbed';
  const altNames = [...ipAddresses.map((ip) => `IP:${ip}`), ...dnsNames.map((dns) => `DNS:${dns}`)].join(',');
  const stem = options.name ?? 'server';
  const certificateFile = join(dir, `${stem}.crt`);
  const keyFile = join(dir, `${stem}.key`);
  const args = [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256',
    '-days', String(options.days ?? 2),
    '-subj', `/O=ipfs-kit test bed/CN=${commonName}`,
    ...(altNames ? ['-addext', `subjectAltName=${altNames}`] : []),
    '-addext', 'basicConstraints=critical,CA:FALSE',
    '-addext', 'extendedKeyUsage=serverAuth',
    '-keyout', keyFile,
    '-out', certificateFile,
  ];
  try {
    await run(OPENSSL_BINARY, args, { timeout: 30_000 });
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'ENOENT';
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n').slice(-3).join(' ');
    throw new Error(missing ? `${OPENSSL_BINARY} not found: apt-get install -y openssl` : `openssl could not make a test certificate: ${stderr || String(error)}`);
  }
  await chmod(keyFile, 0o600);
  return { certificatePem: await readFile(certificateFile, 'utf8'), certificateFile, keyFile };
}
