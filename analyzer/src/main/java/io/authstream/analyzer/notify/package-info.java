/**
 * The notifier: a separate Kafka consumer of {@code auth0-alerts} that routes alerts by severity and
 * rule to Slack, PagerDuty (Events API v2), a generic JSON webhook or the console. It never drops
 * an alert: retries without limit, back-pressure instead of a full queue, delivery state in a
 * compacted topic so restarts neither repeat nor forget. It never slows the analyzer down.
 */
package io.authstream.analyzer.notify;
