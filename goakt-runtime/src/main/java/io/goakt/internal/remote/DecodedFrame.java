package io.goakt.internal.remote;

import io.goakt.internal.remote.proto.Frame;

/**
 * A frame as {@link FrameDecoder} read it, with its size on the wire (length prefix included), which metrics need
 * and which would otherwise cost a pass over the parsed message to compute again. A frame that carries an envelope
 * alone arrives as that envelope, without a {@code Frame} built around it; exactly one of the two is set.
 *
 * @param frame    the parsed frame, or null when the frame carried an envelope alone
 * @param envelope the envelope the frame carried alone, or null
 * @param bytes    its size on the wire
 */
public record DecodedFrame(Frame frame, WireEnvelope envelope, int bytes) {
}
