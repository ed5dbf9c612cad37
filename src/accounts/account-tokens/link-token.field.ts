import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { BAD_LINK } from './account-tokens.service.js';

/** The token of an e-mailed link, sent back by its form (a hidden field) or the API. */
export const LinkToken = () =>
  applyDecorators(IsString({ message: BAD_LINK }), Length(1, 100, { message: BAD_LINK }), ApiProperty({ description: 'the token from the e-mailed link' }));
