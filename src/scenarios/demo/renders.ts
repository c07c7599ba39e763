import { DAY, MINUTE } from '../../domain/calendar.js';
import { OCCASION_SHARE } from '../../domain/catalogue.js';
import type { Random } from '../../domain/random.js';
import type { RowOf } from '../../schema/table-meta.js';
import type { Farm } from './farm.js';
import type { Timeline } from './timeline.js';
import {
  bestSeller,
  type DemoTenant,
  makeCurrent,
  type Person,
  type Template,
  type TenantKey,
  userOf,
} from './world.js';

/** Render jobs per tenant over its history: Web renders by its customers, API renders by its servers. */
export const RENDERS: Readonly<Record<TenantKey, { readonly web: number; readonly api: number }>> = {
  flatrender: { web: 1550, api: 0 },
  studio: { web: 220, api: 350 },
  agency: { web: 80, api: 140 },
  enterprise: { web: 120, api: 40 },
};

/** Jobs still in the farm at the reference time, per tenant: [running, queued] Web and API ones. */
const LIVE: Readonly<
  Record<TenantKey, { readonly web: readonly [number, number]; readonly api: readonly [number, number] }>
> = {
  flatrender: { web: [4, 2], api: [0, 0] },
  studio: { web: [1, 0], api: [1, 1] },
  agency: { web: [0, 0], api: [1, 0] },
  enterprise: { web: [1, 0], api: [0, 0] },
};

type Outcome = 'completed' | 'failed' | 'cancelled' | 'running' | 'queued';

/** One render the demo will make. */
export interface PlannedRender {
  /** Queue time; null for the live jobs the factory places just before the reference time. */
  readonly at: number | null;
  readonly tenant: DemoTenant;
  /** The customer of a Web render; API renders run under the tenant's integration (its admin). */
  readonly person: Person | null;
  readonly template: Template;
  readonly project: RowOf<'content.projects'>;
  readonly outcome: Outcome;
}

/** Ended renders: most complete; the rest fail in the farm or are cancelled by their user. */
const OUTCOMES: readonly (readonly [Outcome, number])[] = [
  ['completed', 87],
  ['failed', 6],
  ['cancelled', 7],
];

/**
 * A template for a render at `at`: by popularity, and in an occasion's run-up (activity.ts) its
 * templates take the domain's share of renders (catalogue.ts); out of season they sell little.
 */
function pickTemplate(tenant: DemoTenant, time: Timeline, rng: Random, at: number): Template {
  const season = time.runUpAt(at);
  const seasonal = season ? tenant.catalogue.filter((t) => t.occasion === season) : [];
  if (seasonal.length > 0 && rng.bool(OCCASION_SHARE))
    return rng.weighted(seasonal.map((t) => [t, t.weight] as const));
  return rng.weighted(
    tenant.catalogue.map((t) => [t, t.occasion === null ? t.weight : t.weight * 0.04] as const),
  );
}

/** The aspect a customer renders: wide for websites, tall for stories, square now and then. */
function pickProject(template: Template, rng: Random): RowOf<'content.projects'> {
  const byAspect = (ratio: string) => template.projects.find((p) => p.aspect_ratio === ratio);
  const wanted = rng.weighted([
    ['Wide16x9', 45],
    ['Tall9x16', 40],
    ['Square1x1', 15],
  ] as const);
  return byAspect(wanted) ?? template.projects[0]!;
}

/** Someone of `people` who uses the product at `at`, by how much each renders. */
function pickPerson(people: readonly Person[], rng: Random, at: number): Person | null {
  const active = people.filter((p) => p.signup + 30 * MINUTE <= at && at <= p.until);
  if (active.length === 0) return null;
  return rng.weighted(active.map((p) => [p, p.weight] as const));
}

/**
 * Plans a tenant's renders: times from the time model (quiet nights and Fridays, busy run-ups,
 * growth) over its history, a customer active then, a template, an outcome; then the few jobs
 * still queued or running at the reference time. Fills each person's render times.
 */
export function planRenders(tenant: DemoTenant, time: Timeline): PlannedRender[] {
  const rng = time.rng(`renders|${tenant.key}`);
  const out: PlannedRender[] = [];
  const end = time.now - 40 * MINUTE;
  const { web, api } = RENDERS[tenant.key];
  for (let i = 0; i < web; i++) {
    const at = time.nth(i, web, rng.next(), tenant.since, end);
    const person = pickPerson(tenant.people, rng, at);
    if (!person) continue;
    const template = pickTemplate(tenant, time, rng, at);
    person.renders.push(at);
    out.push({
      at,
      tenant,
      person,
      template,
      project: pickProject(template, rng),
      outcome: rng.weighted(OUTCOMES),
    });
  }
  // The reseller's integration goes live a few days after its key is made (reseller-api.ts).
  const apiStart = tenant.since + 3 * DAY;
  for (let i = 0; i < api; i++) {
    const at = time.nth(i, api, rng.next(), apiStart, end, 'api');
    const template = pickTemplate(tenant, time, rng, at);
    out.push({
      at,
      tenant,
      person: null,
      template,
      project: pickProject(template, rng),
      outcome: rng.weighted(OUTCOMES),
    });
  }
  const live = LIVE[tenant.key];
  const recent = tenant.people.filter((p) => p.until >= time.now && p.signup < time.now - DAY);
  for (const [source, [running, queued]] of [
    ['web', live.web],
    ['api', live.api],
  ] as const) {
    for (let k = 0; k < running + queued; k++) {
      const person = source === 'web' ? rng.weighted(recent.map((p) => [p, p.weight] as const)) : null;
      const template = pickTemplate(tenant, time, rng, time.now);
      person?.renders.push(time.now - 10 * MINUTE);
      out.push({
        at: null,
        tenant,
        person,
        template,
        project: pickProject(template, rng),
        outcome: k < running ? 'running' : 'queued',
      });
    }
  }
  for (const person of tenant.people) person.renders.sort((a, b) => a - b);
  return out;
}

/** Jobs queued this recently keep their step log; chunks only for a day (the RenderFrameChunks cleanup). */
const EVENTS_FOR = 7 * DAY;
const CHUNKS_FOR = 1 * DAY;

/**
 * Makes the planned renders in queue order (so wallets and plans are drawn down as they were): a
 * Web render edits a saved project first (a new one, or one the customer rendered before), an API
 * render carries the tenant's key. The factory prices, funds and meters each job and makes its
 * export, repair job and API request log (render-jobs.ts).
 */
export async function makeRenders(
  plans: readonly PlannedRender[],
  farm: Farm,
  time: Timeline,
): Promise<{ jobs: RowOf<'render.render_jobs'>[]; edits: RowOf<'studio.saved_projects'>[] }> {
  const ordered = [...plans].sort((a, b) => (a.at ?? time.now) - (b.at ?? time.now));
  const saved = new Map<string, RowOf<'studio.saved_projects'>>();
  const jobs: RowOf<'render.render_jobs'>[] = [];
  const edits: RowOf<'studio.saved_projects'>[] = [];
  const rng = time.rng('renders|make');
  for (const plan of ordered) {
    const { tenant, person, project } = plan;
    const at = plan.at;
    const recent = (at ?? time.now) > time.now - EVENTS_FOR;
    const transient = {
      withEvents: recent,
      withFrameJobs: (at ?? time.now) > time.now - CHUNKS_FOR,
    };
    const queued = at === null ? {} : { queued_at: new Date(at) };
    // The node its chunks and steps ran on (the enterprise has its own).
    const node =
      tenant.key === 'enterprise' ? farm.dedicated : farm.working[rng.int(0, farm.working.length - 1)]!;
    const metadata = {
      locale: 'fa',
      title: plan.template.container.name,
      ...(plan.template.occasion && at !== null && time.runUpAt(at) === plan.template.occasion
        ? { occasion: plan.template.occasion }
        : {}),
    };
    if (person) {
      const user = userOf(person);
      const key = `${user.id}|${project.id}`;
      let edit = saved.get(key);
      if (!edit || rng.bool(0.2)) {
        // A new edit of the template, made minutes to an hour before it is rendered.
        const made = (at ?? time.now - 10 * MINUTE) - rng.int(4, 90) * MINUTE;
        edit = await makeCurrent(tenant, user, project)
          .savedProject.rendered()
          .create({
            created_at: new Date(Math.max(made, person.signup + MINUTE)),
          });
        saved.set(key, edit);
        edits.push(edit);
      }
      jobs.push(
        await makeCurrent(tenant, user, project, edit, node)
          .renderJob.trait(plan.outcome)
          .transient(transient)
          .create({ ...queued, metadata: { client: 'web', ...metadata } }),
      );
    } else {
      jobs.push(
        await makeCurrent(tenant, tenant.admin, project, node)
          .renderJob.resellerApi()
          .trait(plan.outcome)
          .transient(transient)
          .create({
            ...queued,
            api_key_id: tenant.apiKey!.id,
            metadata: { client: 'reseller-api', ...metadata },
          }),
      );
    }
  }
  return { jobs, edits };
}

/** The FlatRender team's own renders: each template's preview video, rendered by the system when published. */
export async function makePreviewRenders(tenant: DemoTenant, time: Timeline): Promise<void> {
  const rng = time.rng('renders|previews');
  // The content team's test edit of the first template, before any preview was rendered.
  const first = bestSeller(tenant);
  await tenant.f.use(tenant.admin, first).savedProject.draft().create({ created_at: first.created_at });
  for (const template of tenant.catalogue) {
    const project = template.projects[0]!;
    const published = project.published_at ?? project.created_at;
    await tenant.f
      .use(tenant.admin, project)
      .renderJob.completed()
      .create({
        source: 'System',
        saved_project_id: null,
        quality: 'FullHd1080',
        queued_at: new Date(published.getTime() + rng.int(2, 50) * MINUTE),
        metadata: { client: 'catalogue', locale: 'fa', title: template.container.name, purpose: 'preview' },
      });
  }
}
