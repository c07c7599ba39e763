import { SeedError } from '../errors.js';
import { recoverInterruptedLoad, repairedNote } from '../load/interrupted-load.js';
import { type Marker, readMarker, writeMarker } from '../migrations/marker.js';
import { databaseOf } from '../sql/database-url.js';
import { withClient } from '../sql/with-client.js';

export interface MarkOptions {
  /** The person confirmed that every row may be deleted by reset and refresh (`--yes`). */
  readonly confirmed: boolean;
  /** A line for a person: what an unfinished load left and how it was repaired. */
  readonly log?: (line: string) => void;
}

/**
 * `seed mark` as a function: marks a database the toolkit did not create as one that reset and
 * refresh may replace, once the person confirmed it (refused otherwise, nothing changed), after
 * repairing what an unfinished bulk load left. Idempotent: an existing marker keeps its origin.
 *
 * @example
 * const marker = await markDatabase('postgresql://…/demo', { confirmed: true });
 */
export async function markDatabase(url: string, options: MarkOptions): Promise<Marker | undefined> {
  const database = databaseOf(url);
  if (!options.confirmed) {
    throw new SeedError(
      'E_MARK_UNCONFIRMED',
      `Marking database "${database}" allows seed reset and seed refresh to delete all of its FlatRender data; nothing was changed.`,
      { fix: `Add --yes to confirm: seed mark --database-url <its URL> --yes` },
    );
  }
  return withClient(url, async (client) => {
    const recovered = await recoverInterruptedLoad(client);
    if (recovered) options.log?.(repairedNote(recovered));
    await writeMarker(client, 'seed mark');
    return readMarker(client);
  });
}
