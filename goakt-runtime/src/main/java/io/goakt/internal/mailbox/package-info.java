/**
 * Internal mailbox building blocks shared by the public queues of {@code io.goakt.mailbox} and the runtime's own
 * mailboxes. Not an API: anything here may change without notice.
 */
package io.goakt.internal.mailbox;
