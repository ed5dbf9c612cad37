import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DIGEST_FREQUENCIES, type DigestFrequency } from '../entities/notification-preference.entity.js';

const formBoolean = ({ value }: { value: unknown }) => (value === 'true' || value === 'on' || value === '1' ? true : value === 'false' || value === '0' ? false : value);

export class FollowTagDto {
  @IsString({ message: 'Name a tag.' })
  @MaxLength(35, { message: 'A tag is at most 35 characters long.' })
  tag: string;
}

export class WatchDto {
  @Transform(formBoolean)
  @IsBoolean({ message: 'watching must be true or false.' })
  watching: boolean;

  /** Where the thread page's form returns to (checked to be a path on this site before it is used). */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  next?: string;
}

export class FollowPreferencesDto {
  @Transform(formBoolean)
  @IsBoolean({ message: 'routing must be true or false.' })
  @IsOptional()
  routing?: boolean;

  @IsIn(DIGEST_FREQUENCIES, { message: 'The digest is off, daily or weekly.' })
  @IsOptional()
  digest?: DigestFrequency;
}
