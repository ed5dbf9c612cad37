import type { FactoryProvider } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../common/logging/logger.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
}

/** Where e-mail goes: SMTP when SMTP_URL is set, the log otherwise. */
export interface EmailSender {
  readonly delivers: boolean;
  send(message: EmailMessage): Promise<void>;
}

export const EMAIL_SENDER = Symbol('EMAIL_SENDER');

/** The sender as a provider, for each module that sends e-mail (notifications, integrations). */
export const emailSenderProvider: FactoryProvider<EmailSender> = {
  provide: EMAIL_SENDER,
  inject: [APP_CONFIG, APP_LOGGER],
  useFactory: (config: AppConfig, logger: Logger) =>
    config.mail.smtpUrl ? new SmtpEmailSender(config.mail.smtpUrl, config.mail.from) : new LoggingEmailSender(logger),
};

/** No SMTP configured: e-mail is off; what would have been sent is logged at debug level. */
export class LoggingEmailSender implements EmailSender {
  readonly delivers = false;
  constructor(private readonly logger: Logger) {}

  async send(message: EmailMessage): Promise<void> {
    this.logger.debug({ to: message.to, subject: message.subject }, 'e-mail not sent: SMTP_URL is not set');
  }
}

/** SMTP through nodemailer (SMTP_URL, e.g. smtp://user:pass@mail.example.com:587). */
export class SmtpEmailSender implements EmailSender {
  readonly delivers = true;
  private readonly transport: Transporter;

  constructor(smtpUrl: string, private readonly from: string) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(message: EmailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, ...message });
  }
}
