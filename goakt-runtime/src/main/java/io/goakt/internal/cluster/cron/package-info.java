/**
 * Cluster-wide cron schedules, behind the public {@link io.goakt.cluster.ClusterCron}:
 * {@link io.goakt.internal.cluster.cron.ClusterCronService} (the replicated table and the wiring; its class comment
 * is the design), {@code CronRunner} (the singleton that fires the ticks), {@code CronEntry} and
 * {@code CronMessage} (the replica's entries and their binary form on control topic 11) and {@link
 * io.goakt.internal.cluster.cron.CronTime} (the clock the runner reads). Not for applications.
 */
package io.goakt.internal.cluster.cron;
