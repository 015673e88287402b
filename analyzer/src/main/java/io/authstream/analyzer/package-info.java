/**
 * The authstream analyzer: a Kafka Streams application that turns {@code auth0-log-events} into
 * alerts on {@code auth0-alerts} ({@link io.authstream.analyzer.Analyzer}), and the notifier that
 * delivers them ({@link io.authstream.analyzer.notify.Notifier}).
 */
package io.authstream.analyzer;
