/**
 * The notifier: a separate Kafka consumer of {@code auth0-alerts} that routes alerts by severity and
 * rule to Slack, PagerDuty (Events API v2), a generic JSON webhook or the console, with retries,
 * exponential backoff with jitter and a per-condition cool-down. It never slows the analyzer down.
 */
package io.authstream.analyzer.notify;
