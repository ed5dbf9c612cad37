import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { createRequire } from 'node:module';
import express, { type Router } from 'express';

const require = createRequire(import.meta.url);

interface Asset {
  file: string;
  url: string;
}

/**
 * Static files are served under names that carry their content hash, so browsers may keep
 * them for a year: `{{asset "app.css"}}` → `/static/app.3f2a9c1d.css`.
 */
export class AssetManifest {
  private readonly byName = new Map<string, Asset>();
  private readonly byUrl = new Map<string, Asset>();

  constructor(publicDir: string) {
    for (const file of walk(publicDir)) this.add(file.slice(publicDir.length + 1), file);
    this.add('pico.css', require.resolve('@picocss/pico/css/pico.min.css'));
  }

  url(name: string): string {
    const asset = this.byName.get(name);
    if (!asset) throw new Error(`Unknown asset ${name}`);
    return asset.url;
  }

  router(): Router {
    const router = express.Router();
    router.get('/static/*path', (req, res, next) => {
      const asset = this.byUrl.get(req.path);
      if (!asset) return next();
      res.sendFile(asset.file, { maxAge: '365d', immutable: true, dotfiles: 'deny' });
    });
    return router;
  }

  private add(name: string, file: string): void {
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 10);
    const ext = extname(name);
    const url = `/static/${name.slice(0, -ext.length)}.${hash}${ext}`;
    const asset = { file, url };
    this.byName.set(name, asset);
    this.byUrl.set(url, asset);
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (basename(path).startsWith('.')) return [];
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
