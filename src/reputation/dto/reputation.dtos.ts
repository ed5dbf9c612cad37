import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DEFAULT_RULES, type RuleName } from '../reputation.rules.js';

export class LeaderboardQueryDto {
  @ApiPropertyOptional({ enum: ['reputation'] })
  @IsIn(['reputation'], { message: 'sort must be reputation.' })
  @IsOptional()
  sort?: 'reputation';

  @ApiPropertyOptional({ enum: ['week', 'month', 'all'] })
  @IsIn(['week', 'month', 'all'], { message: 'period must be week, month or all.' })
  @IsOptional()
  period?: 'week' | 'month' | 'all';

  @ApiPropertyOptional({ minimum: 1 })
  @Max(10_000, { message: 'page must be at most 10000.' })
  @Min(1, { message: 'page must be 1 or more.' })
  @IsInt({ message: 'page must be a whole number.' })
  @Type(() => Number)
  @IsOptional()
  page?: number;
}

const ruleField = () => [
  Max(100_000, { message: 'Each number must be between -100000 and 100000.' }),
  Min(-100_000, { message: 'Each number must be between -100000 and 100000.' }),
  IsInt({ message: 'Each number must be a whole number.' }),
  Type(() => Number),
  IsOptional(),
];

/** Every rule is optional: send the ones to change. */
export class UpdateRulesDto implements Partial<Record<RuleName, number>> {
  [key: string]: number | undefined;
}
for (const name of Object.keys(DEFAULT_RULES)) {
  for (const decorate of ruleField()) decorate(UpdateRulesDto.prototype, name);
  ApiPropertyOptional({ type: Number })(UpdateRulesDto.prototype, name);
}
