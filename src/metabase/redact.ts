/**
 * Removes known secret strings (API key, password, session token, database password) from any
 * text that may reach a message or a log. Applied to everything a RemoteError carries.
 */
export class SecretRedactor {
  readonly #secrets = new Set<string>();

  add(secret: string | null | undefined): void {
    // Very short strings would redact ordinary words; real secrets are longer.
    if (secret !== null && secret !== undefined && secret.length >= 4) this.#secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) out = out.split(secret).join('[redacted]');
    return out;
  }
}
