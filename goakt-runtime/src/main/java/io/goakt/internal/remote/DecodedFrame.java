package io.goakt.internal.remote;

import io.goakt.internal.remote.proto.Frame;

/**
 * A frame as {@link FrameDecoder} read it, with its size on the wire (length prefix included), which metrics need
 * and which would otherwise cost a pass over the parsed message to compute again.
 *
 * @param frame the parsed frame
 * @param bytes its size on the wire
 */
public record DecodedFrame(Frame frame, int bytes) {
}
