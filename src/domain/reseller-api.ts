import { createHash } from 'node:crypto';
import type { Random } from './random.js';

/**
 * The Reseller API as its logs and keys show it: routes and how often resellers call them, the
 * error codes it answers with, the SDKs that call it, and the format of its API keys.
 */

/** A route template the request logs record (never the raw URL). */
export interface ApiRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  /** Share of the traffic. */
  readonly weight: number;
  /** The status of a successful call. */
  readonly success: number;
}

/**
 * The routes resellers call. `POST /v1/renders` is not drawn: a successful one is the request
 * that created a ResellerApi render job, so it is logged from the job (failed attempts are drawn
 * with the errors below).
 */
export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', path: '/v1/renders/{id}', weight: 34, success: 200 },
  { method: 'GET', path: '/v1/renders', weight: 10, success: 200 },
  { method: 'GET', path: '/v1/templates', weight: 12, success: 200 },
  { method: 'GET', path: '/v1/templates/{id}', weight: 9, success: 200 },
  { method: 'GET', path: '/v1/exports/{id}', weight: 8, success: 200 },
  { method: 'POST', path: '/v1/uploads', weight: 4, success: 201 },
  { method: 'PUT', path: '/v1/uploads/{id}/parts/{n}', weight: 4, success: 200 },
  { method: 'POST', path: '/v1/uploads/{id}/complete', weight: 2, success: 200 },
  { method: 'DELETE', path: '/v1/renders/{id}', weight: 1, success: 204 },
  { method: 'GET', path: '/v1/usage', weight: 2, success: 200 },
];

/** The route that creates a render job; answered 202 Accepted. */
export const CREATE_RENDER_ROUTE: ApiRoute = {
  method: 'POST',
  path: '/v1/renders',
  weight: 0,
  success: 202,
};

/** An error the API answers with: HTTP status, `error_code`, share of the errors. */
export interface ApiError {
  readonly status: number;
  readonly code: string;
  readonly weight: number;
}

export const API_ERRORS: readonly ApiError[] = [
  { status: 400, code: 'validation_failed', weight: 30 },
  { status: 401, code: 'invalid_api_key', weight: 12 },
  { status: 403, code: 'scope_missing', weight: 5 },
  { status: 402, code: 'insufficient_balance', weight: 4 },
  { status: 404, code: 'not_found', weight: 25 },
  { status: 409, code: 'idempotency_conflict', weight: 6 },
  { status: 422, code: 'template_field_invalid', weight: 6 },
  { status: 429, code: 'rate_limited', weight: 12 },
  { status: 500, code: 'internal_error', weight: 3 },
  { status: 503, code: 'render_queue_unavailable', weight: 1 },
];

/** The error code of each status the API fails with. */
export const API_ERROR_CODES: ReadonlyMap<number, string> = new Map(
  API_ERRORS.map((e) => [e.status, e.code]),
);

/** Share of calls that fail. */
export const API_ERROR_RATE = 0.06;

/** The HTTP clients resellers' servers use (the official SDKs and plain HTTP libraries). */
export const SDK_AGENTS = [
  'flatrender-php/1.4.2',
  'flatrender-php/1.5.0',
  'flatrender-node/2.1.0',
  'flatrender-python/0.9.3',
  'WooCommerce-FlatRender/2.1.0',
  'axios/1.7.2',
  'python-requests/2.32.3',
  'Go-http-client/1.1',
  'GuzzleHttp/7',
  'okhttp/4.12.0',
] as const;

/** Scopes an API key can carry. */
export const API_SCOPES = [
  'renders:write',
  'renders:read',
  'templates:read',
  'files:write',
  'files:read',
  'webhooks:manage',
] as const;

/** How many leading characters of a key the UI shows and the API looks the key up by. */
export const API_KEY_PREFIX_LENGTH = 16;

/**
 * An API key: `fr_live_` or `fr_test_` and 40 hex digits. Only its first 16 characters
 * (`key_prefix`) and its sha256 (`key_hash`) are stored; the plaintext is shown once.
 */
export function apiKeyPlaintext(environment: 'Live' | 'Test', rng: Random): string {
  return `fr_${environment === 'Live' ? 'live' : 'test'}_${rng.hex(40)}`;
}

/** The stored lookup prefix of a plaintext API key. */
export function apiKeyPrefix(plaintext: string): string {
  return plaintext.slice(0, API_KEY_PREFIX_LENGTH);
}

/** What `key_hash` holds for a plaintext API key (sha256, hex): lets a demo check a key it printed. */
export function hashApiKey(plaintext: string): string {
  return createHash('sha256').update(plaintext, 'utf8').digest('hex');
}

/** Webhook event types a reseller subscribes to (routing keys of the event catalogue). */
export const WEBHOOK_EVENTS = [
  'render.job.completed.v1',
  'render.job.failed.v1',
  'render.job.cancelled.v1',
  'render.job.started.v1',
  'identity.payment.succeeded.v1',
] as const;

/** The webhook event a render job's end sends, by status. */
export const JOB_EVENT_TYPES: Readonly<Record<'Completed' | 'Failed' | 'Cancelled', string>> = {
  Completed: 'render.job.completed.v1',
  Failed: 'render.job.failed.v1',
  Cancelled: 'render.job.cancelled.v1',
};
