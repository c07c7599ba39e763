import { REGISTER_MODE_WEIGHTS, type RegisterMode } from '../../domain/accounts.js';
import { SECOND } from '../../domain/calendar.js';
import { drawPersonName, type PersonName, personEmailLocal } from '../../domain/people.js';
import { CITIES, type City, emailDomain, iranianIp, iranianMobile } from '../../domain/places.js';
import type { Random } from '../../domain/random.js';

/** The columns of a user that say who they are, where, and how they sign in. */
export interface Identity {
  readonly full_name: string;
  readonly display_name: string;
  readonly register_mode: RegisterMode;
  readonly email: string | null;
  readonly email_verified_at: Date | null;
  readonly phone_number: string | null;
  readonly phone_verified_at: Date | null;
  readonly password_hash: string | null;
  readonly google_sub: string | null;
  readonly telegram_user_id: string | null;
  readonly last_login_ip: string;
  readonly metadata: { readonly city: string; readonly province: string };
}

/**
 * Who the demo's people are: Persian names with the Latin e-mail local part their owners would
 * pick (domain/people.ts), the Iranian city they live in, their mobile number and their ISP's
 * address (domain/places.ts), and the way they registered (domain/accounts.ts) with exactly the
 * identifiers that way needs. Remembers what it handed out, so no two users share an e-mail,
 * phone or Telegram id.
 */
export class Identities {
  private readonly taken = new Set<string>();

  private unique(make: (attempt: number) => string): string {
    for (let attempt = 0; ; attempt++) {
      const value = make(attempt);
      if (!this.taken.has(value)) {
        this.taken.add(value);
        return value;
      }
    }
  }

  /** A personal address as people pick them ('ali.rezaei87@gmail.com'). */
  private email(rng: Random, person: PersonName, domain: string): string {
    return this.unique(() => `${personEmailLocal(person, rng.int(1, 99))}@${domain}`);
  }

  /** A work address at a business's domain ('ali.rezaei@flatrender.ir'). */
  private workEmail(rng: Random, person: PersonName, domain: string): string {
    const local = `${person.given.latin}.${person.family.latin}`;
    return this.unique((k) => (k === 0 ? `${local}@${domain}` : `${local}${rng.int(2, 9)}@${domain}`));
  }

  private city(rng: Random, home?: string): City {
    const local = home ? CITIES.find((c) => c.name === home) : undefined;
    return local && rng.bool(0.5) ? local : rng.weighted(CITIES.map((c) => [c, c.weight] as const));
  }

  /** A customer who signed up at `signup`, most likely in `home` (their provider's city). */
  customer(rng: Random, signup: number, home?: string): Identity {
    const person = drawPersonName(rng);
    const mode = rng.weighted(REGISTER_MODE_WEIGHTS);
    const city = this.city(rng, home);
    const verified = new Date(signup + rng.int(30, 300) * SECOND);
    const mobile = mode === 'Mobile' || mode === 'Telegram';
    const withEmail = mode === 'Email' || mode === 'Google' || (mode === 'Mobile' && rng.bool(0.35));
    return {
      full_name: person.fullName,
      display_name: person.given.name,
      register_mode: mode,
      email: withEmail ? this.email(rng, person, mode === 'Google' ? 'gmail.com' : emailDomain(rng)) : null,
      email_verified_at: mode === 'Google' ? new Date(signup + 5 * SECOND) : null,
      phone_number: mobile ? this.unique(() => iranianMobile(rng)) : null,
      phone_verified_at: mobile ? verified : null,
      password_hash: mode === 'Email' ? `$argon2id$v=19$m=65536,t=3,p=1$${rng.hex(22)}$${rng.hex(43)}` : null,
      google_sub:
        mode === 'Google'
          ? this.unique(() => `1${rng.hex(20).replace(/[a-f]/g, (c) => String(c.charCodeAt(0) % 10))}`)
          : null,
      telegram_user_id:
        mode === 'Telegram' ? this.unique(() => String(rng.int(100_000_000, 7_999_999_999))) : null,
      last_login_ip: iranianIp(rng),
      metadata: { city: city.name, province: city.province },
    };
  }

  /**
   * A member of a business's staff: their work e-mail at its domain, signing in by e-mail, and
   * at work recently (their last sign-in a few hours before `now`).
   */
  staff(
    rng: Random,
    signup: number,
    domain: string,
    home: string,
    now: number,
  ): Identity & { last_login_at: Date; updated_at: Date } {
    const person = drawPersonName(rng);
    const city = this.city(rng, home);
    return {
      full_name: person.fullName,
      display_name: person.given.name,
      register_mode: 'Email',
      email: this.workEmail(rng, person, domain),
      email_verified_at: new Date(signup + rng.int(60, 600) * SECOND),
      phone_number: this.unique(() => iranianMobile(rng)),
      phone_verified_at: new Date(signup + rng.int(60, 600) * SECOND),
      password_hash: `$argon2id$v=19$m=65536,t=3,p=1$${rng.hex(22)}$${rng.hex(43)}`,
      google_sub: null,
      telegram_user_id: null,
      last_login_ip: iranianIp(rng),
      metadata: { city: city.name, province: city.province },
      last_login_at: new Date(now - rng.int(1, 48) * 3_600_000),
      updated_at: new Date(now - rng.int(1, 48) * 3_600_000),
    };
  }
}
