/**
 * The detection engine, free of any particular rule: signals, windowed threshold counting with
 * grace and an alert life cycle, the EWMA anomaly processor, the stream-silence processor, and the
 * clock that lets wall time close windows on a quiet stream.
 */
package io.authstream.analyzer.engine;
