import { REGISTER_MODE_WEIGHTS, type RegisterMode } from '../domain/accounts.js';
import { type Occasion, occasionAt } from '../domain/activity.js';
import { DAY, HOUR, MINUTE } from '../domain/calendar.js';
import {
  CATEGORY_BY_KEY,
  type Category,
  drawCatalogue,
  OCCASION_SHARE,
  TEMPLATES,
  type Template,
} from '../domain/catalogue.js';
import { drawCompany } from '../domain/companies.js';
import { ASPECTS } from '../domain/media.js';
import { drawPersonName, type PersonName, personEmailLocal } from '../domain/people.js';
import { emailDomain, iranianMobile, serverIp } from '../domain/places.js';
import { QUALITY_WEIGHTS, RESELLER_PRICES_PER_SECOND, type VideoQuality } from '../domain/pricing.js';
import type { Rng } from '../domain/random.js';
import { API_KEY_PREFIX_LENGTH, apiKeyPlaintext, hashApiKey, SDK_AGENTS } from '../domain/reseller-api.js';
import { recentIndex, skewedIndex } from './draw.js';
import { hex, uuid } from './fast-format.js';
import type { LoadPlan, TenantPlan } from './load-plan.js';

/**
 * The small, per-tenant rows every other row points at (users, catalogue, saved projects, API
 * keys), as "cores": ids and the few values children copy. Each is a pure function of the plan
 * and its own stream; a tenant context computes them once and keeps them (O(users), not O(rows)).
 * Vocabulary and rules come from src/domain; timestamps from the plan's activity clocks.
 */

export interface TenantCore {
  /** The Persian company name (identity.tenants.name). */
  readonly name: string;
  /** Its Latin form ('Negarkhaneh Arya'). */
  readonly nameEn: string;
  /** `negarkhaneh-arya-3`: transliterated from the Persian, made unique by the tenant's ordinal. */
  readonly slug: string;
  readonly domain: string;
  /** Rial per billable second: the tenant's rate table (identity.render_price_rates). */
  readonly pricePerSecond: number;
  /** The reseller's servers (source IPs of its API calls). */
  readonly serverIps: readonly string[];
  readonly sdkAgent: string;
}

export interface UserCore {
  readonly index: number;
  readonly id: string;
  readonly createdAt: number;
  readonly registerMode: RegisterMode;
  readonly phone: string | null;
  readonly email: string | null;
  readonly person: PersonName;
  readonly telegramId: number | null;
  /** When the user linked the Telegram bot (null: never, or not yet at the reference time). */
  readonly telegramLinkedAt: number | null;
  /** When the user allowed browser push (a push_subscriptions row), or null. */
  readonly pushSubscribedAt: number | null;
  readonly lastLoginAt: number;
}

export interface ContainerCore {
  readonly index: number;
  readonly id: string;
  readonly template: Template;
  readonly category: Category;
  readonly name: string;
  readonly nameEn: string;
  readonly slug: string;
  readonly createdAt: number;
  readonly premium: boolean;
  readonly projects: number;
}

export interface ProjectCore {
  readonly index: number;
  readonly id: string;
  readonly container: ContainerCore;
  /** Position inside its container (0 is the default variant). */
  readonly variant: number;
  readonly aspect: string;
  readonly aspectW: number;
  readonly aspectH: number;
  readonly fps: number;
  readonly durationMs: number;
  readonly flexible: boolean;
  readonly md5: string;
  readonly createdAt: number;
}

export interface SavedProjectCore {
  readonly index: number;
  readonly id: string;
  readonly userIndex: number;
  readonly projectIndex: number;
  readonly createdAt: number;
  readonly title: string;
  readonly quality: VideoQuality;
  readonly voiceover: boolean;
  readonly musicVolume: number;
}

export interface ApiKeyCore {
  readonly index: number;
  readonly id: string;
  readonly createdAt: number;
  readonly environment: 'Live' | 'Test';
  /** The stored lookup prefix and sha256 of the key (domain/reseller-api.ts's format). */
  readonly prefix: string;
  readonly hash: string;
}

export function tenantCore(rng: Rng, tenant: TenantPlan): TenantCore {
  const company = drawCompany(rng);
  const slug = `${company.slug}-${tenant.ordinal + 1}`;
  return {
    name: company.name,
    nameEn: company.nameEn,
    slug,
    domain: `${slug}.ir`,
    pricePerSecond: rng.pick(RESELLER_PRICES_PER_SECOND),
    serverIps: Array.from({ length: rng.int(1, 3) }, () => serverIp(rng)),
    sdkAgent: rng.pick(SDK_AGENTS),
  };
}

/** Users sign up over the tenant's life, by activity (the admin first, 10 minutes after the tenant). */
function signupWindow(plan: LoadPlan, tenant: TenantPlan): [number, number] {
  return [tenant.createdAt + HOUR, plan.nowMs - HOUR];
}

export function userCore(rng: Rng, plan: LoadPlan, tenant: TenantPlan, index: number): UserCore {
  const id = uuid(rng);
  const [from, to] = signupWindow(plan, tenant);
  const createdAt =
    index === 0
      ? tenant.createdAt + 10 * MINUTE
      : plan.clocks.people.nth(index - 1, tenant.users - 1, rng.next(), from, to);
  const registerMode: RegisterMode = index === 0 ? 'Email' : rng.weighted(REGISTER_MODE_WEIGHTS);
  const person = drawPersonName(rng);
  // A bijection of the index (7,919,993 is coprime with 10^7): numbers never repeat in a tenant.
  const subscriber = (index * 7_919_993 + tenant.ordinal * 1_234_567) % 10_000_000;
  const phone =
    index === 0 || registerMode === 'Mobile' || registerMode === 'Telegram' || rng.bool(0.3)
      ? iranianMobile(rng, subscriber)
      : null;
  const wantsEmail = registerMode === 'Email' || registerMode === 'Google' || rng.bool(0.35);
  const email = wantsEmail ? `${personEmailLocal(person, index)}@${emailDomain(rng)}` : null;
  // Telegram sign-ups linked the bot at once; some mobile users link it later.
  const telegram = registerMode === 'Telegram' || (phone !== null && rng.bool(0.08));
  const telegramLinkedAt = telegram
    ? createdAt + (registerMode === 'Telegram' ? rng.int(1, 10) * MINUTE : rng.int(1, 60) * DAY)
    : null;
  const pushSubscribedAt = rng.bool(0.5) ? createdAt + rng.int(2, 30 * 24 * 60) * MINUTE : null;
  const now = plan.nowMs;
  return {
    index,
    id,
    createdAt,
    registerMode,
    phone,
    email,
    person,
    telegramId: telegram ? 5_000_000_000 + tenant.ordinal * 10_000_000 + index : null,
    telegramLinkedAt: telegramLinkedAt !== null && telegramLinkedAt < now ? telegramLinkedAt : null,
    pushSubscribedAt: pushSubscribedAt !== null && pushSubscribedAt < now - MINUTE ? pushSubscribedAt : null,
    lastLoginAt: plan.clocks.people.between(rng, createdAt + MINUTE, now - MINUTE),
  };
}

/** A user who had signed up by `at` (index 0, the tenant's admin, always has); early users are the most active. */
export function userBefore(rng: Rng, plan: LoadPlan, tenant: TenantPlan, at: number): number {
  const [from, to] = signupWindow(plan, tenant);
  const signedUp = 1 + plan.clocks.people.countBefore(tenant.users - 1, at, from, to);
  const limit = Math.max(1, signedUp - 1);
  return skewedIndex(rng, limit, 1.6);
}

/** The tenant's categories: those of its templates, in the domain's order. */
export function categoriesOf(containers: readonly ContainerCore[]): Category[] {
  const keys = new Set(containers.map((c) => c.category.key));
  return [...CATEGORY_BY_KEY.values()].filter((c) => keys.has(c.key));
}

export function containerCores(rng: Rng, tenant: TenantPlan, count: number): ContainerCore[] {
  const picks = drawCatalogue(rng, count);
  return picks.map((t, index) => {
    const template = TEMPLATES[t]!;
    const round = Math.floor(index / TEMPLATES.length);
    return {
      index,
      id: uuid(rng),
      template,
      category: CATEGORY_BY_KEY.get(template.category)!,
      name: round === 0 ? template.name : `${template.name} ${round + 1}`,
      nameEn: round === 0 ? template.nameEn : `${template.nameEn} ${round + 1}`,
      slug: `${template.nameEn.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${index + 1}`,
      createdAt: tenant.createdAt + HOUR + index * 2 * HOUR + rng.int(0, HOUR),
      premium: rng.bool(0.3),
      projects: rng.weighted([
        [1, 50],
        [2, 35],
        [3, 15],
      ] as const),
    };
  });
}

export function projectCores(rng: Rng, container: ContainerCore, firstIndex: number): ProjectCore[] {
  const order = [...ASPECTS];
  // Fisher–Yates on the stream: which aspect ratios this template comes in.
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const fps = rng.weighted([
    [30, 70],
    [25, 15],
    [24, 10],
    [60, 5],
  ] as const);
  const durationMs = rng.int(8, 60) * 500;
  const flexible = rng.bool(0.35);
  return Array.from({ length: container.projects }, (_, variant) => {
    const [aspect, aspectW, aspectH] = order[variant]!;
    return {
      index: firstIndex + variant,
      id: uuid(rng),
      container,
      variant,
      aspect,
      aspectW,
      aspectH,
      fps,
      durationMs,
      flexible,
      md5: hex(rng, 32),
      createdAt: container.createdAt + variant * MINUTE,
    };
  });
}

/**
 * A project to render at `at`: in an occasion's run-up, one of that occasion's templates for a
 * good share of renders (OCCASION_SHARE); otherwise one of the other templates, the popular ones
 * first (a Nowruz greeting is not what people render in October).
 */
export function projectAt(rng: Rng, byOccasion: OccasionProjects, at: number): number {
  const occasion = occasionAt(at);
  const seasonal = occasion ? byOccasion[occasion] : [];
  if (seasonal.length > 0 && rng.bool(OCCASION_SHARE)) return rng.pick(seasonal);
  const regular = byOccasion.regular;
  return regular[skewedIndex(rng, regular.length, 1.8)]!;
}

/** Indices of the tenant's projects made for each occasion, and of the others. */
export type OccasionProjects = Readonly<Record<Occasion | 'regular', readonly number[]>>;

export function occasionProjects(projects: readonly ProjectCore[]): OccasionProjects {
  const of = (o: Occasion | null) =>
    projects.filter((p) => p.container.template.occasion === o).map((p) => p.index);
  const regular = of(null);
  return {
    nowruz: of('nowruz'),
    yalda: of('yalda'),
    regular: regular.length > 0 ? regular : projects.map((p) => p.index),
  };
}

/** Saved projects are made over the tenant's active life, by activity. */
function savedWindow(plan: LoadPlan, tenant: TenantPlan): [number, number] {
  return [tenant.activityStart, plan.nowMs - 2 * MINUTE];
}

export function savedProjectCore(
  rng: Rng,
  plan: LoadPlan,
  tenant: TenantPlan,
  index: number,
  projects: readonly ProjectCore[],
  byOccasion: OccasionProjects,
  words: readonly string[],
): SavedProjectCore {
  const id = uuid(rng);
  const [from, to] = savedWindow(plan, tenant);
  const createdAt = plan.clocks.people.nth(index, tenant.savedProjects, rng.next(), from, to);
  const projectIndex = projectAt(rng, byOccasion, createdAt);
  const project = projects[projectIndex]!;
  return {
    index,
    id,
    userIndex: userBefore(rng, plan, tenant, createdAt),
    projectIndex,
    createdAt,
    title: `${project.container.template.name} ${rng.pick(words)}`,
    quality: rng.weighted(QUALITY_WEIGHTS),
    voiceover: rng.bool(0.12),
    musicVolume: rng.int(40, 100) / 100,
  };
}

/** A saved project created by `at`, most likely a recent one (people render what they just edited). */
export function savedProjectBefore(rng: Rng, plan: LoadPlan, tenant: TenantPlan, at: number): number {
  const [from, to] = savedWindow(plan, tenant);
  const limit = plan.clocks.people.countBefore(tenant.savedProjects, at, from, to) - 1;
  return limit <= 0 ? -1 : recentIndex(rng, limit, 3);
}

export function apiKeyCore(rng: Rng, tenant: TenantPlan, index: number): ApiKeyCore {
  const environment = index > 0 && rng.bool(0.3) ? 'Test' : 'Live';
  const plaintext = apiKeyPlaintext(environment, rng);
  return {
    index,
    id: uuid(rng),
    createdAt: tenant.createdAt + 30 * MINUTE + index * 12 * HOUR,
    environment,
    prefix: plaintext.slice(0, API_KEY_PREFIX_LENGTH),
    hash: hashApiKey(plaintext),
  };
}
