import { Transform } from 'class-transformer';
import { ArrayMinSize, IsArray, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { WEBHOOK_EVENT_NAMES } from '../integrations.events.js';

/** A form's checkboxes arrive as one string or several; the API sends an array. */
const asList = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

export class RegisterWebhookDto {
  @IsString()
  @MinLength(8)
  @MaxLength(500)
  url: string;

  @Transform(asList)
  @IsArray()
  @ArrayMinSize(1, { message: 'Choose at least one event.' })
  @IsIn(WEBHOOK_EVENT_NAMES, { each: true, message: 'Choose events from the list.' })
  events: string[];

  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class HelpdeskConnectorDto {
  @IsIn(['webhook', 'email'])
  mode: 'webhook' | 'email';

  @ValidateIf((o: HelpdeskConnectorDto) => o.mode === 'webhook')
  @IsString()
  @MinLength(8)
  @MaxLength(500)
  url?: string;

  @ValidateIf((o: HelpdeskConnectorDto) => o.mode === 'email')
  @IsEmail({}, { message: 'Enter the helpdesk intake e-mail address.' })
  @MaxLength(254)
  intakeEmail?: string;
}

export class ResolutionDto {
  @IsString()
  @MinLength(1)
  @MaxLength(30_000)
  resolution: string;
}

export class PublishResolutionDto {
  @IsString()
  @MinLength(20)
  @MaxLength(30_000)
  body: string;
}
