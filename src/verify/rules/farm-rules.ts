import type { Rule } from '../rule.js';

/** The render farm's story (render-farm.ts): health logs as a time series, crashes in them. */
export const farmRules: readonly Rule[] = [
  {
    rule: 'health-log-series',
    table: 'render.node_health_logs',
    column: 'recorded_at',
    sql: `SELECT n.id::text, format('node %s created %s, last heartbeat %s: %s', n.name, n.created_at, coalesce(n.last_heartbeat_at::text, 'never'),
                 CASE WHEN s.first_at < n.created_at THEN format('a health log at %s, before the node existed', s.first_at)
                      WHEN n.last_heartbeat_at IS NULL OR s.last_at > n.last_heartbeat_at THEN format('a health log at %s, after its last heartbeat', s.last_at)
                      WHEN s.first_at > n.created_at + interval '1 hour' THEN format('its health logs start only at %s', s.first_at)
                      ELSE format('%s between two health logs (at most an hour)', s.widest) END)
            FROM render.nodes n
            JOIN LATERAL (SELECT min(recorded_at) AS first_at, max(recorded_at) AS last_at, max(gap) AS widest
                            FROM (SELECT recorded_at, recorded_at - lag(recorded_at) OVER (ORDER BY recorded_at) AS gap
                                    FROM render.node_health_logs h WHERE h.node_id = n.id) g) s ON s.first_at IS NOT NULL
           WHERE s.first_at < n.created_at OR n.last_heartbeat_at IS NULL OR s.last_at > n.last_heartbeat_at
              OR s.first_at > n.created_at + interval '1 hour' OR s.widest > interval '1 hour'`,
  },
  {
    rule: 'crash-in-health-log',
    table: 'render.node_crashes',
    column: 'occurred_at',
    sql: `SELECT c.id::text, format('a %s crash at %s: the health logs of the hour after it never say Crashed', c.crash_type, c.occurred_at)
            FROM render.node_crashes c
           WHERE EXISTS (SELECT 1 FROM render.node_health_logs h WHERE h.node_id = c.node_id
                          AND h.recorded_at >= c.occurred_at AND h.recorded_at <= c.occurred_at + interval '1 hour')
             AND NOT EXISTS (SELECT 1 FROM render.node_health_logs h WHERE h.node_id = c.node_id AND h.status = 'Crashed'
                              AND h.recorded_at >= c.occurred_at AND h.recorded_at <= c.occurred_at + interval '1 hour')`,
  },
  {
    rule: 'crash-in-health-log',
    table: 'render.node_health_logs',
    column: 'status',
    sql: `SELECT h.id::text || '/' || h.recorded_at::text, format('node %s reports Crashed at %s, outside any of its crashes', h.node_id, h.recorded_at)
            FROM render.node_health_logs h
           WHERE h.status = 'Crashed'
             AND NOT EXISTS (SELECT 1 FROM render.node_crashes c WHERE c.node_id = h.node_id AND h.recorded_at >= c.occurred_at
                              AND h.recorded_at <= coalesce(c.recovered_at, 'infinity'))`,
  },
  {
    rule: 'crashed-node-has-crash',
    table: 'render.nodes',
    column: 'status',
    sql: `SELECT n.id::text, format('node %s is Crashed but has no crash it has not recovered from', n.name)
            FROM render.nodes n
           WHERE n.status = 'Crashed'
             AND NOT EXISTS (SELECT 1 FROM render.node_crashes c WHERE c.node_id = n.id AND c.recovered_at IS NULL)`,
  },
];
