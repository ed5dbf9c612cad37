import type { Logger } from 'pino';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Where e-mail goes: SMTP when SMTP_URL is set, the log otherwise. */
export interface EmailSender {
  readonly delivers: boolean;
  send(message: EmailMessage): Promise<void>;
}

export const EMAIL_SENDER = Symbol('EMAIL_SENDER');

/** No SMTP configured: e-mail is off; what would have been sent is logged at debug level. */
export class LoggingEmailSender implements EmailSender {
  readonly delivers = false;
  constructor(private readonly logger: Logger) {}

  async send(message: EmailMessage): Promise<void> {
    this.logger.debug({ to: message.to, subject: message.subject }, 'e-mail not sent: SMTP_URL is not set');
  }
}

type Transport = { sendMail(options: { from: string; to: string; subject: string; text: string }): Promise<unknown> };

/**
 * SMTP through nodemailer, loaded when first needed: while the package is not installed, sending
 * fails, the job is retried later, and nothing else is affected.
 */
export class SmtpEmailSender implements EmailSender {
  readonly delivers = true;
  private transport?: Promise<Transport>;

  constructor(
    private readonly smtpUrl: string,
    private readonly from: string,
  ) {}

  async send(message: EmailMessage): Promise<void> {
    this.transport ??= this.createTransport();
    await (await this.transport).sendMail({ from: this.from, ...message });
  }

  private async createTransport(): Promise<Transport> {
    const name = 'nodemailer';
    try {
      const nodemailer = (await import(name)) as { default?: { createTransport(url: string): Transport }; createTransport?(url: string): Transport };
      return (nodemailer.default ?? (nodemailer as { createTransport(url: string): Transport })).createTransport(this.smtpUrl);
    } catch (error) {
      this.transport = undefined;
      throw new Error(`SMTP_URL is set but nodemailer cannot be loaded (${(error as Error).message})`);
    }
  }
}
