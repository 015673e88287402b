/**
 * An Auth0 log-stream emulator: reproducible, realistic traffic scenarios and a sender that
 * delivers events to a webhook exactly as Auth0's Custom Webhook stream does (batches, the three
 * content formats, the Authorization header verbatim, up to three attempts and later again).
 */
package io.authstream.embedded.emulator;
