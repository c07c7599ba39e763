import type { Queryable } from '../../sql/queryable.js';
import { defineFactory } from '../core/factory.js';
import { addSeconds, between, daysBefore, latest, toDate } from './shared.js';

/** The folders the services make for every user (Exports, Voiceovers). */
export const SYSTEM_FOLDERS = ['خروجی‌ها', 'صداها'] as const;

const USER_FOLDERS = ['پروژه‌های مشتری', 'لوگوها', 'ویدیوهای خام', 'فونت‌ها', 'عکس‌های محصول', 'آرشیو'];

/** The parent path of a materialised path ('/a/b' → '/a'; a root folder has none). */
function parentPath(path: string): string | null {
  const cut = path.lastIndexOf('/');
  return cut > 0 ? path.slice(0, cut) : null;
}

/** The folder's last path segment. */
function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `name`, or `name (2)`, `name (3)`… the first one no live sibling uses (as the file manager does). */
async function freeName(
  db: Queryable,
  userId: string,
  parentId: string | null,
  name: string,
): Promise<string> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT name FROM file_mgr.folders
      WHERE user_id = $1 AND parent_id IS NOT DISTINCT FROM $2 AND deleted_at IS NULL
        AND (name = $3 OR name LIKE $3 || ' (%)')`,
    [userId, parentId, name],
  );
  const taken = new Set(rows.map((r) => r.name));
  let candidate = name;
  for (let k = 2; taken.has(candidate); k++) candidate = `${name} (${k})`;
  return candidate;
}

/**
 * file_mgr.folders: a root folder of the context's user by default. Give `path: '/صداها/ضبط ۱'`
 * and create() finds or makes the parent folders; give `parent_id` and the path is read from
 * the parent. A name a live sibling already has gets a ` (2)` suffix.
 */
export const folderFactory = defineFactory('file_mgr.folders', {
  parents: ['identity.users'],
  defaults: ({ n, rng, parent, now, overrides }) => {
    const user = parent('identity.users');
    const name = overrides.path ? lastSegment(overrides.path) : `${rng.pick(USER_FOLDERS)} ${n}`;
    return {
      user_id: user.id,
      name,
      is_system: false,
      created_at: between(
        rng,
        latest(toDate(user.created_at, now), daysBefore(now, 200)),
        addSeconds(now, -3600),
      ),
    };
  },
  finalize: (row, { rng, now }) => {
    const created = toDate(row.created_at, now);
    const deleted = row.deleted_at ? latest(toDate(row.deleted_at, now), created) : null;
    return {
      path: `/${row.name}`,
      updated_at: deleted ?? between(rng, created, now),
    };
  },
  beforeCreate: async (row, { db, create }) => {
    const userId = String(row.user_id);
    let parentId = row.parent_id ?? null;
    let path = String(row.path);
    if (parentId) {
      const { rows } = await db.query<{ path: string }>('SELECT path FROM file_mgr.folders WHERE id = $1', [
        parentId,
      ]);
      if (rows[0]) path = `${rows[0].path}/${lastSegment(path)}`;
    } else {
      const above = parentPath(path);
      if (above) {
        const { rows } = await db.query<{ id: string }>(
          `SELECT id FROM file_mgr.folders WHERE user_id = $1 AND path = $2 AND deleted_at IS NULL
            ORDER BY created_at LIMIT 1`,
          [userId, above],
        );
        parentId =
          rows[0]?.id ??
          (
            await create('file_mgr.folders', {
              user_id: userId,
              path: above,
              name: lastSegment(above),
              is_system: (SYSTEM_FOLDERS as readonly string[]).includes(lastSegment(above)),
              created_at: row.created_at,
            })
          ).id;
      }
    }
    if (row.deleted_at) return { parent_id: parentId, path };
    const name = await freeName(db, userId, parentId, String(row.name));
    return { parent_id: parentId, name, path: `${parentPath(path) ?? ''}/${name}` };
  },
  traits: {
    /** The Exports folder render exports land in. */
    exports: (_t) => ({ name: SYSTEM_FOLDERS[0], is_system: true }),
    voiceovers: (_t) => ({ name: SYSTEM_FOLDERS[1], is_system: true }),
    /** A folder inside the Voiceovers folder (made too when missing). */
    nested: ({ n }) => ({ path: `/${SYSTEM_FOLDERS[1]}/گویندگی ${n}` }),
    deleted: ({ rng, now, parent }) => {
      const user = parent('identity.users');
      const created = between(
        rng,
        latest(toDate(user.created_at, now), daysBefore(now, 200)),
        daysBefore(now, 1),
      );
      return { created_at: created, deleted_at: between(rng, created, now) };
    },
  },
});
