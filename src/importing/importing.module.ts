import { Module } from '@nestjs/common';
import { StackExchangeImporter } from './stackexchange.importer.js';

/** Importers of existing communities (Stack Exchange dumps first). Nothing imports this module. */
@Module({
  providers: [StackExchangeImporter],
  exports: [StackExchangeImporter],
})
export class ImportingModule {}
