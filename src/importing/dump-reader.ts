import { createReadStream } from 'node:fs';
import { SaxesParser } from 'saxes';
import { InvalidStateError } from '../common/errors/domain-errors.js';

/** A dump that cannot be imported: a missing or malformed file, a row without what it must have. */
export class DumpError extends InvalidStateError {}

export type DumpRow = Record<string, string>;

/**
 * Streams the `<row …/>` elements of one dump file as batches of attribute maps: the file is read
 * in chunks and parsed as it arrives, so memory holds one chunk and one batch, whatever the size.
 * A file that is not well-formed (truncated, garbled) or whose root is not `expectedRoot` raises a
 * DumpError naming the file, line and column.
 */
export async function* readDumpRows(
  path: string,
  fileName: string,
  expectedRoot: string,
  batchSize: number,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<DumpRow[]> {
  const parser = new SaxesParser({ position: true });
  let failure: Error | undefined;
  let batch: DumpRow[] = [];
  let root: string | undefined;
  let rootClosed = false;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => {
    if (root === undefined) {
      root = tag.name;
      if (root !== expectedRoot) failure ??= new Error(`its root element is <${root}>, not <${expectedRoot}>`);
    } else if (tag.name === 'row') {
      batch.push(tag.attributes as DumpRow);
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.name === root) rootClosed = true;
  });
  const fail = (error: Error): never => {
    throw new DumpError(`${fileName} is not a readable Stack Exchange dump file: ${error.message.replace(/^(?:[^:\d][^:]*:)?(\d+):(\d+): /, 'at line $1, column $2, ')}.`);
  };
  let first = true;
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      onBytes?.(Buffer.byteLength(chunk));
      parser.write(first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk);
      first = false;
      if (failure) fail(failure);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    parser.close();
  } catch (error) {
    if (error instanceof DumpError) throw error;
    fail(failure ?? (error as Error));
  } finally {
    stream.destroy();
  }
  if (failure) fail(failure);
  if (root === undefined) fail(new Error('it is empty'));
  if (!rootClosed) fail(new Error(`it ends before </${root}> (truncated?)`));
  if (batch.length) yield batch;
}
