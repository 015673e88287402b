/** Legal holds: what they select and where they are stored. */
package io.authstream.retention.hold;
