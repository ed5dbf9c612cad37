import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { parseArgs } from 'node:util';
import { RoleChangesService } from './accounts/roles/role-changes.service.js';
import { AppModule } from './app.module.js';
import { BadgesJobsSubscriber } from './badges/badges.jobs.js';
import { createLogger } from './common/logging/logger.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { StackExchangeImporter } from './importing/stackexchange.importer.js';
import { generateMigration } from './database/migration-generator.js';
import { DigestsService } from './notifications/digests.service.js';
import { openDatabase } from './database/open-database.js';
import { SerialVotingService } from './moderation/serial-voting.service.js';
import { verifyReputation } from './reputation/reputation-audit.js';
import { SearchIndexer } from './search/search-indexer.js';
import { bulkSeed } from './seeding/bulk-seeder.js';
import { builtInCorpus, corpusFromDumps } from './seeding/corpus.js';
import { PasswordHasher } from './users/password-hasher.js';
import { DataSource } from 'typeorm';
import cliProgress from 'cli-progress';
import { ROLES, type Role } from './users/role.js';
import { UsersService } from './users/users.service.js';

type Command = (context: { app: () => Promise<INestApplicationContext>; args: string[]; databaseUrl: string }) => Promise<number | void>;

function requireRole(value: string | undefined): Role {
  if (!value || !(ROLES as readonly string[]).includes(value)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  return value as Role;
}

class UsageError extends Error {}

function options(args: string[], names: string[]) {
  const { values } = parseArgs({ args, options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])), strict: true });
  return values as Record<string, string | undefined>;
}

const COMMANDS: Record<string, { usage: string; run: Command }> = {
  'import:stackexchange': {
    usage: 'import:stackexchange --dir PATH --site NAME [--dry-run]   import a Stack Exchange data dump (idempotent; see docs/importing.md)',
    run: async ({ app, args }) => {
      const { values } = parseArgs({ args, options: { dir: { type: 'string' }, site: { type: 'string' }, 'dry-run': { type: 'boolean' } }, strict: true });
      if (!values.dir || !values.site) throw new UsageError('--dir (the unpacked dump folder) and --site (e.g. cardano.stackexchange.com) are required');
      const importer = (await app()).get(StackExchangeImporter);
      const bar = new cliProgress.SingleBar({ format: 'importing [{bar}] {percentage}% | {file} | {duration}s' }, cliProgress.Presets.shades_classic);
      bar.start(100, 0, { file: 'starting' });
      let summary;
      try {
        summary = await importer.import(values.dir, values.site, {
          dryRun: values['dry-run'],
          onProgress: ({ file, bytesDone, bytesTotal }) => bar.update(Math.floor((100 * bytesDone) / Math.max(bytesTotal, 1)), { file }),
        });
      } finally {
        bar.stop();
      }
      const a = summary.added;
      console.log(`${summary.dryRun ? 'Dry run (nothing written): would add' : 'Added'} ${a.members} members, ${a.questions} questions, ${a.answers} answers, ${a.comments} comments, ${a.duplicates} duplicates, ${a.tagDescriptions} tag descriptions from ${summary.site}.`);
      const k = summary.alreadyImported;
      if (k.members + k.posts + k.comments > 0) console.log(`Already imported before: ${k.members} members, ${k.posts} posts, ${k.comments} comments (left as they are).`);
      const s = summary.skipped;
      console.log(`Skipped: ${s.answersWithoutQuestion} answers whose question is not in the dump, ${s.commentsWithoutPost} comments on missing posts, ${s.otherPostKinds} posts of other kinds, ${s.duplicateLinksToMissingPosts} duplicate links to missing posts.`);
      for (const [file, rows] of Object.entries(summary.files)) if (rows === null) console.log(`${file}: not in the dump, skipped.`);
      console.log(`${summary.seconds.toFixed(1)} s, ${summary.postsPerSecond} posts/s, peak RSS ${summary.peakRssMb} MB.`);
    },
  },
  'migration:run': {
    usage: 'migration:run                      apply pending migrations (also done at every start)',
    run: async () => console.log('The schema is up to date.'),
  },
  'migration:generate': {
    usage: 'migration:generate <Name>          write migrations/<time>-<name>.ts from entity changes',
    run: async ({ app, args }) => {
      const name = args[0];
      if (!name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new UsageError('Give the migration a name in PascalCase, e.g. AddBadges');
      const file = await generateMigration(await app(), name);
      console.log(file ? `Wrote ${file}` : 'No changes: the entities match the schema.');
    },
  },
  'digests:send': {
    usage: 'digests:send                       e-mail the daily and weekly digests that are due (workers also do it every 15 minutes)',
    run: async ({ app }) => {
      console.log(`Sent ${await (await app()).get(DigestsService).sendDue()} digests.`);
    },
  },
  'badges:backfill': {
    usage: 'badges:backfill                    evaluate every badge rule over existing data, then super-user nominations (idempotent)',
    run: async ({ app }) => {
      const { awarded, nominated } = await (await app()).get(BadgesJobsSubscriber).sweep();
      console.log(`Awarded ${awarded} badges; created ${nominated} super-user nominations.`);
    },
  },
  'reputation:verify': {
    usage: 'reputation:verify                  recompute reputation and scores; non-zero exit on any mismatch',
    run: async ({ app }) => {
      const report = await verifyReputation(await app());
      for (const line of report.lines) console.log(line);
      console.log(report.ok ? `OK: ${report.users} members and ${report.posts} posts match their ledger and votes.` : `${report.lines.length} mismatches.`);
      return report.ok ? 0 : 1;
    },
  },
  'search:reindex': {
    usage: 'search:reindex                     rebuild the whole search index (searchers keep the old one meanwhile)',
    run: async ({ app }) => {
      const indexer = (await app()).get(SearchIndexer);
      const bar = new cliProgress.SingleBar({ format: 'indexing [{bar}] {percentage}% | {value}/{total} questions | {duration}s' }, cliProgress.Presets.shades_classic);
      bar.start(await indexer.visibleQuestionCount(), 0);
      await indexer.rebuild((questions) => bar.update(questions));
      bar.stop();
      console.log('The search index is rebuilt.');
    },
  },
  'seed:bulk': {
    usage: 'seed:bulk --posts N [--seed S] [--corpus DIR,DIR]   fill the database with a realistic community of N posts (password: seeded-member);\n'
      + '                                   --corpus: word frequencies and lengths from unpacked Stack Exchange dumps',
    run: async ({ app, args }) => {
      const o = options(args, ['posts', 'seed', 'corpus']);
      const posts = Number(o.posts);
      if (!Number.isInteger(posts) || posts < 5 || posts > 20_000_000) throw new UsageError('--posts must be a whole number from 5 to 20000000');
      const seed = o.seed === undefined ? 1 : Number(o.seed);
      if (!Number.isInteger(seed) || seed < 0) throw new UsageError('--seed must be a whole number');
      const corpus = o.corpus ? await corpusFromDumps(o.corpus.split(',')) : builtInCorpus();
      console.log(`Text from ${corpus.source}.`);
      const context = await app();
      const passwordHash = await context.get(PasswordHasher).hash('seeded-member');
      const bar = new cliProgress.SingleBar({ format: 'seeding [{bar}] {value}/{total} steps | {step} | {duration}s' }, cliProgress.Presets.shades_classic);
      bar.start(1, 0, { step: 'starting' });
      const started = Date.now();
      const result = await bulkSeed(context.get(DataSource), {
        posts,
        seed,
        passwordHash,
        corpus,
        onStep: (step, done, total) => {
          bar.setTotal(total);
          bar.update(done, { step });
        },
      });
      bar.stop();
      console.log(`Seeded ${result.questions} questions, ${result.answers} answers and ${result.users} members in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    },
  },
  'moderation:serial-votes': {
    usage: 'moderation:serial-votes            run the serial-voting sweep now (it also runs daily as a job)',
    run: async ({ app }) => {
      const report = await (await app()).get(SerialVotingService).sweep();
      for (const pair of report.pairs) console.log(`voter #${pair.voterId} → author #${pair.authorId}: ${pair.reversed} votes reversed`);
      console.log(report.pairs.length ? `${report.pairs.length} serial voters handled.` : 'No serial voting found.');
    },
  },
  'users:create': {
    usage: 'users:create --username U --email E --password P [--role R]',
    run: async ({ app, args }) => {
      const o = options(args, ['username', 'email', 'password', 'role']);
      if (!o.username || !o.email || !o.password) throw new UsageError('--username, --email and --password are required');
      const user = await (await app()).get(UsersService).register(
        { username: o.username, email: o.email, password: o.password },
        o.role ? requireRole(o.role) : 'member',
      );
      console.log(`Created ${user.username} (${user.role}).`);
    },
  },
  'users:role': {
    usage: 'users:role --username U --role R',
    run: async ({ app, args }) => {
      const o = options(args, ['username', 'role']);
      if (!o.username) throw new UsageError('--username is required');
      const user = await (await app()).get(RoleChangesService).changeByOperator(o.username, requireRole(o.role));
      console.log(`${user.username} is now ${user.role}.`);
    },
  },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.log(`Usage: npm run cli -- <command>\n\n${Object.values(COMMANDS).map((c) => `  ${c.usage}`).join('\n')}`);
    return name ? 2 : 0;
  }
  const config = loadConfig(process.env, 'cli');
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const database = await openDatabase(config, logger);
  let context: INestApplicationContext | undefined;
  const app = async () => (context ??= await NestFactory.createApplicationContext(AppModule.forRoot(config, database.url), { logger: false }));
  try {
    return (await command.run({ app, args, databaseUrl: database.url })) ?? 0;
  } finally {
    await context?.close();
    await database.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) console.error(error.message);
    else if (error instanceof Error && 'status' in error) console.error(error.message);
    else console.error(error);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
