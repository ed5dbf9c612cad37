import type { INestApplicationContext } from '@nestjs/common';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { PROJECT_ROOT } from '../common/paths.js';

/**
 * Like TypeORM's `migration:generate`: the SQL that brings the schema to the entities,
 * written as a migration and registered in src/database/migrations.ts. Returns the file, or
 * undefined when the schema already matches.
 */
export async function generateMigration(app: INestApplicationContext, name: string): Promise<string | undefined> {
  const sql = await pendingSchemaChanges(app.get(DataSource));
  if (sql.up.length === 0) return undefined;

  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const fileBase = `${timestamp}-${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
  const quote = (q: string) => `    await queryRunner.query(${JSON.stringify(q)});`;
  const source = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${sql.up.map(quote).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${sql.down.map(quote).join('\n')}
  }
}
`;
  const file = join(PROJECT_ROOT, 'migrations', `${fileBase}.ts`);
  await writeFile(file, source);
  await register(className, fileBase);
  return file;
}

export async function pendingSchemaChanges(dataSource: DataSource): Promise<{ up: string[]; down: string[] }> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: log.upQueries.map((q) => q.query),
    down: log.downQueries.map((q) => q.query).reverse(),
  };
}

async function register(className: string, fileBase: string): Promise<void> {
  const registry = join(PROJECT_ROOT, 'src', 'database', 'migrations.ts');
  let text = await readFile(registry, 'utf8');
  text = text.replace(/\nexport const ALL_MIGRATIONS = \[/, `import { ${className} } from '../../migrations/${fileBase}.js';\n\nexport const ALL_MIGRATIONS = [`);
  text = text.replace(/\];\s*$/, `, ${className}];\n`).replace('[, ', '[');
  await writeFile(registry, text);
}
