/**
 * The detections, one class each: which events feed which rule (first stage) and the rules with
 * their thresholds, windows, severity and wording (second stage). Settings come from
 * {@code analyzer.detections.<name>.*}; see {@code docs/analyzer.md}.
 */
package io.authstream.analyzer.detection;
