import QRCode from 'qrcode';
import type { TwoFactorStatus } from './two-factor-settings.service.js';
import type { Enrolment } from './two-factor.service.js';

export interface EnrolmentView {
  qrCode: string;
  secret: string;
  secretGroups: string;
}

export const TwoFactorPresenter = {
  async page(status: TwoFactorStatus) {
    if (status.enabled) return { title: 'Two-factor authentication', ...status };
    return { title: 'Set up two-factor authentication', enabled: false, required: status.required, enrolment: await TwoFactorPresenter.enrolment(status.enrolment) };
  },

  /** The QR code as an inline SVG data URI (the CSP allows data: images) and the secret in groups of four. */
  async enrolment(enrolment: Enrolment): Promise<EnrolmentView> {
    const svg = await QRCode.toString(enrolment.uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return {
      qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
      secret: enrolment.secret,
      secretGroups: enrolment.secret.match(/.{1,4}/g)!.join(' '),
    };
  },
};
