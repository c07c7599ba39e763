import type { Rng } from '../domain/random.js';
import { MOBILE_PREFIXES } from '../factories/core/realism.js';
import { recentIndex, skewedIndex, slugify } from './draw.js';
import { hex, uuid } from './fast-format.js';
import { countBefore, growthTime, type LoadPlan, type TenantPlan } from './load-plan.js';
import type { Pools } from './pools.js';
import {
  ASPECTS,
  EMAIL_DOMAINS,
  IR_IP_PREFIXES,
  SDK_AGENTS,
  TEMPLATE_NAMES,
  TEMPLATE_NAMES_EN,
  VIDEO_QUALITIES,
} from './vocabulary.js';

/**
 * The small, per-tenant rows every other row points at (users, catalogue, saved projects, API
 * keys), as "cores": ids and the few values children copy. Each is a pure function of the plan
 * and its own stream; a tenant context computes them once and keeps them (O(users), not O(rows)).
 */

export interface TenantCore {
  readonly brand: string;
  readonly slug: string;
  readonly domain: string;
  readonly name: string;
  /** Rial per billed render second. */
  readonly pricePerSecond: number;
  /** The reseller's servers (source IPs of its API calls). */
  readonly serverIps: readonly string[];
  readonly sdkAgent: string;
}

export interface UserCore {
  readonly index: number;
  readonly id: string;
  readonly createdAt: number;
  readonly registerMode: 'Mobile' | 'Email' | 'Google' | 'Telegram';
  readonly phone: string | null;
  readonly email: string | null;
  readonly firstName: string;
  readonly lastName: string;
  readonly telegramId: number | null;
}

export interface ContainerCore {
  readonly index: number;
  readonly id: string;
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
  readonly quality: string;
  readonly voiceover: boolean;
  readonly musicVolume: number;
}

export interface ApiKeyCore {
  readonly index: number;
  readonly id: string;
  readonly createdAt: number;
  readonly environment: 'Live' | 'Test';
  readonly prefix: string;
}

export function tenantCore(rng: Rng, tenant: TenantPlan, pools: Pools): TenantCore {
  const brand = rng.pick(pools.enBrands);
  const slug = `${slugify(brand)}-${tenant.ordinal + 1}`;
  const ips = Array.from(
    { length: rng.int(1, 3) },
    () => `${rng.pick(IR_IP_PREFIXES)}.${rng.int(0, 255)}.${rng.int(2, 254)}`,
  );
  return {
    brand,
    slug,
    domain: `${slug}.ir`,
    name: rng.pick(pools.faCompanies),
    pricePerSecond: rng.pick([1_500, 2_000, 2_500, 3_000]),
    serverIps: ips,
    sdkAgent: rng.pick(SDK_AGENTS),
  };
}

export function userCore(
  rng: Rng,
  plan: LoadPlan,
  tenant: TenantPlan,
  pools: Pools,
  index: number,
): UserCore {
  const id = uuid(rng);
  const createdAt =
    index === 0
      ? tenant.createdAt + 600_000
      : Math.floor(
          growthTime(tenant.createdAt + 3_600_000, plan.nowMs - 3_600_000, index, tenant.users, rng.next()),
        );
  const registerMode =
    index === 0
      ? 'Email'
      : rng.weighted([
          ['Mobile', 70],
          ['Email', 15],
          ['Google', 10],
          ['Telegram', 5],
        ] as const);
  const firstName = rng.pick(pools.faFirstNames);
  const lastName = rng.pick(pools.faLastNames);
  // A bijection of the index (7,919,993 is coprime with 10^7): numbers never repeat in a tenant.
  const digits = String((index * 7_919_993 + tenant.ordinal * 1_234_567) % 10_000_000).padStart(7, '0');
  const phone =
    index === 0 || registerMode === 'Mobile' || registerMode === 'Telegram' || rng.bool(0.3)
      ? `+989${rng.pick(MOBILE_PREFIXES)}${digits}`
      : null;
  const wantsEmail = registerMode === 'Email' || registerMode === 'Google' || rng.bool(0.35);
  const email = wantsEmail
    ? `${rng.pick(pools.enFirstNames)}.${rng.pick(pools.enLastNames)}${index}@${rng.pick(EMAIL_DOMAINS)}`
    : null;
  return {
    index,
    id,
    createdAt,
    registerMode,
    phone,
    email,
    firstName,
    lastName,
    telegramId: registerMode === 'Telegram' ? 5_000_000_000 + tenant.ordinal * 10_000_000 + index : null,
  };
}

/** A user who had signed up by `at` (index 0, the tenant's admin, always has). */
export function userBefore(rng: Rng, plan: LoadPlan, tenant: TenantPlan, at: number): number {
  const limit = Math.max(
    1,
    countBefore(tenant.createdAt + 3_600_000, plan.nowMs - 3_600_000, tenant.users, at) - 1,
  );
  return skewedIndex(rng, limit, 1.6);
}

export function containerCore(rng: Rng, tenant: TenantPlan, pools: Pools, index: number): ContainerCore {
  const t = rng.int(0, TEMPLATE_NAMES.length - 1);
  const word = rng.pick(pools.faWords);
  return {
    index,
    id: uuid(rng),
    name: `${TEMPLATE_NAMES[t]} ${word}`,
    nameEn: `${TEMPLATE_NAMES_EN[t]} ${index + 1}`,
    slug: `${slugify(TEMPLATE_NAMES_EN[t]!)}-${index + 1}`,
    createdAt: tenant.createdAt + 3_600_000 + index * 7_200_000 + rng.int(0, 3_600_000),
    premium: rng.bool(0.3),
    projects: rng.weighted([
      [1, 50],
      [2, 35],
      [3, 15],
    ] as const),
  };
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
      createdAt: container.createdAt + variant * 60_000,
    };
  });
}

export function savedProjectCore(
  rng: Rng,
  plan: LoadPlan,
  tenant: TenantPlan,
  index: number,
  projects: readonly ProjectCore[],
  pools: Pools,
): SavedProjectCore {
  const id = uuid(rng);
  const createdAt = Math.floor(
    growthTime(tenant.activityStart, plan.nowMs - 120_000, index, tenant.savedProjects, rng.next()),
  );
  const projectIndex = skewedIndex(rng, projects.length, 1.8);
  const project = projects[projectIndex]!;
  return {
    index,
    id,
    userIndex: userBefore(rng, plan, tenant, createdAt),
    projectIndex,
    createdAt,
    title: `${project.container.name} ${rng.pick(pools.faWords)}`,
    quality: rng.weighted(VIDEO_QUALITIES),
    voiceover: rng.bool(0.12),
    musicVolume: rng.int(40, 100) / 100,
  };
}

/** A saved project created by `at`, most likely a recent one (people render what they just edited). */
export function savedProjectBefore(rng: Rng, plan: LoadPlan, tenant: TenantPlan, at: number): number {
  const limit = countBefore(tenant.activityStart, plan.nowMs - 120_000, tenant.savedProjects, at) - 1;
  return limit <= 0 ? -1 : recentIndex(rng, limit, 3);
}

export function apiKeyCore(rng: Rng, tenant: TenantPlan, index: number): ApiKeyCore {
  const environment = index > 0 && rng.bool(0.3) ? 'Test' : 'Live';
  return {
    index,
    id: uuid(rng),
    createdAt: tenant.createdAt + 1_800_000 + index * 86_400_000 * 0.5,
    environment,
    prefix: `fr_${environment === 'Live' ? 'live' : 'test'}_${hex(rng, 16)}`,
  };
}
