import { defineFactory } from '../core/factory.js';
import { addSeconds, between, daysBefore, earliest, latest, toDate, tokenHash } from '../file-mgr/shared.js';

/**
 * notification.telegram_links: the context's user linked to the FlatRender bot (the deep-link
 * token's hash, the private chat id = the user's Telegram id when known). A user has one active
 * link: `unlinked` ones are history.
 */
export const telegramLinkFactory = defineFactory('notification.telegram_links', {
  parents: ['identity.users'],
  defaults: ({ uid: n, rng, en, parent, now }) => {
    const user = parent('identity.users');
    const created = between(
      rng,
      latest(toDate(user.created_at, now), daysBefore(now, 200)),
      addSeconds(now, -3600),
    );
    const name =
      en.person
        .firstName()
        .toLowerCase()
        .replace(/[^a-z]/g, '') || 'user';
    return {
      user_id: user.id,
      chat_id: user.telegram_user_id ?? 5_000_000_000 + n * 1009 + rng.int(0, 1008),
      username: rng.bool(0.8) ? `${name}_${n}` : null,
      link_token_hash: tokenHash(rng),
      is_active: true,
      created_at: created,
    };
  },
  finalize: (row, { rng, now }) => {
    const created = toDate(row.created_at, now);
    // The user pressed Start in the bot seconds to minutes after asking for the link.
    const linked = earliest(addSeconds(created, rng.int(5, 300)), now);
    return { linked_at: linked, updated_at: row.is_active === false ? between(rng, linked, now) : linked };
  },
  traits: {
    /** Unlinked (the user stopped the bot); kept as history, with a chat of its own. */
    unlinked: ({ uid: n, rng }) => ({
      is_active: false,
      chat_id: 5_000_000_000 + n * 1009 + rng.int(0, 1008),
    }),
  },
});
