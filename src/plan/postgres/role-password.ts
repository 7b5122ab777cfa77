import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { InputError } from '../../errors.ts';

/**
 * The reporting role's password never travels or gets logged in clear: we send Postgres a
 * SCRAM-SHA-256 verifier computed here (Postgres stores pre-hashed passwords as given), and we
 * check an existing role by recomputing the verifier from the stored salt.
 *
 * Postgres normalises passwords with SASLprep before hashing; for printable ASCII that is the
 * identity, so we accept ASCII passwords only rather than guess at the normalisation.
 */
export function assertUsablePassword(password: string): void {
  if (!/^[\x21-\x7e]{8,}$/.test(password)) {
    throw new InputError(
      'REPORTING_DB_PASSWORD must be at least 8 printable ASCII characters without spaces.',
    );
  }
}

const iterations = 4096;

export function scramVerifier(
  password: string,
  salt: Buffer = randomBytes(16),
  rounds = iterations,
): string {
  const { storedKey, serverKey } = scramKeys(password, salt, rounds);
  return `SCRAM-SHA-256$${rounds}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** Whether `stored` (pg_authid.rolpassword) is this password's verifier (SCRAM or legacy md5). */
export function passwordMatches(stored: string, password: string, roleName: string): boolean {
  const scram = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(stored);
  if (scram) {
    const [, rounds = '0', salt = '', storedKey = '', serverKey = ''] = scram;
    const keys = scramKeys(password, Buffer.from(salt, 'base64'), Number(rounds));
    return (
      same(keys.storedKey, Buffer.from(storedKey, 'base64')) &&
      same(keys.serverKey, Buffer.from(serverKey, 'base64'))
    );
  }
  if (/^md5[0-9a-f]{32}$/.test(stored)) {
    return (
      stored ===
      `md5${createHash('md5')
        .update(password + roleName)
        .digest('hex')}`
    );
  }
  return false;
}

function scramKeys(password: string, salt: Buffer, rounds: number) {
  const salted = pbkdf2Sync(password, salt, rounds, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  return {
    storedKey: createHash('sha256').update(clientKey).digest(),
    serverKey: createHmac('sha256', salted).update('Server Key').digest(),
  };
}

function same(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Which password Metabase's connection was last given, remembered on the role itself (its
 * comment) as a fingerprint of the role's stored verifier: so a password changed by a DBA, or
 * changed by a run whose Metabase phase then failed, is sent to Metabase by the next run. The
 * fingerprint is a hash of the salted verifier (which only superusers can read); it reveals
 * nothing a password guess could be checked against.
 */
export function verifierFingerprint(storedVerifier: string): string {
  return createHash('sha256').update(storedVerifier).digest('hex').slice(0, 16);
}

export function roleCommentWithFingerprint(fingerprint: string): string {
  return `Managed by dtx-reports: the login role Metabase reads the reporting views with. Metabase's connection has the password with fingerprint ${fingerprint}.`;
}

export function fingerprintInRoleComment(comment: string | null): string | null {
  return /password with fingerprint ([0-9a-f]{16})\.$/.exec(comment ?? '')?.[1] ?? null;
}
