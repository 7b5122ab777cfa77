import { z } from 'zod';

const addressSchema = z.object({ Address: z.string(), Name: z.string().nullish() });

const messageSummarySchema = z.object({
  ID: z.string(),
  Subject: z.string(),
  From: addressSchema.nullish(),
  To: z.array(addressSchema).nullish(),
  Cc: z.array(addressSchema).nullish(),
  Bcc: z.array(addressSchema).nullish(),
});

const messagesSchema = z.object({
  total: z.number(),
  messages: z.array(messageSummarySchema),
});

export interface CaughtMessage {
  readonly id: string;
  readonly subject: string;
  readonly from: string | null;
  /**
   * Every address it was delivered to, lower-cased: To and Cc headers plus the SMTP envelope's
   * other recipients (Mailpit reports those as Bcc). Metabase BCCs subscription emails by
   * default (setting `bcc-enabled`), so the To header alone would miss them.
   */
  readonly recipients: readonly string[];
}

/** Mailpit's HTTP API (`/api/v1`): what Metabase sent, as Mailpit caught it over SMTP. */
export class Mailpit {
  constructor(readonly apiUrl: string) {}

  async deleteAll(): Promise<void> {
    const response = await fetch(`${this.apiUrl}/api/v1/messages`, { method: 'DELETE' });
    if (!response.ok) throw new Error(`Mailpit DELETE /api/v1/messages: HTTP ${response.status}`);
  }

  /** Newest first, as Mailpit lists them. */
  async messages(): Promise<readonly CaughtMessage[]> {
    const response = await fetch(`${this.apiUrl}/api/v1/messages?limit=500`);
    if (!response.ok) throw new Error(`Mailpit GET /api/v1/messages: HTTP ${response.status}`);
    const parsed = messagesSchema.parse(await response.json());
    return parsed.messages.map((m) => ({
      id: m.ID,
      subject: m.Subject,
      from: m.From?.Address.toLowerCase() ?? null,
      recipients: [
        ...new Set([...(m.To ?? []), ...(m.Cc ?? []), ...(m.Bcc ?? [])].map((a) => a.Address)),
      ].map((address) => address.toLowerCase()),
    }));
  }

  /**
   * Polls until `done` accepts what has arrived: Metabase renders and sends asynchronously from
   * the request's point of view, and SMTP delivery adds its own delay.
   */
  async waitFor(
    done: (messages: readonly CaughtMessage[]) => boolean,
    timeoutMs: number,
  ): Promise<readonly CaughtMessage[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const messages = await this.messages();
      if (done(messages)) return messages;
      if (Date.now() > deadline) {
        const seen = messages.map((m) => `"${m.subject}" → ${m.recipients.join(', ')}`).join('; ');
        throw new Error(
          `Mailpit: the expected email did not arrive within ${timeoutMs} ms (caught: ${seen || 'nothing'})`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}
