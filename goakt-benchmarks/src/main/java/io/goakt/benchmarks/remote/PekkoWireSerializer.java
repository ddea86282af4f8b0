package io.goakt.benchmarks.remote;

import org.apache.pekko.serialization.SerializerWithStringManifest;

/** Pekko's serializer for the {@link Wire} messages: the same bytes goakt's side writes. */
public final class PekkoWireSerializer extends SerializerWithStringManifest {

    @Override
    public int identifier() {
        return 470_001;
    }

    @Override
    public String manifest(Object o) {
        return o.getClass().getSimpleName();
    }

    @Override
    public byte[] toBinary(Object o) {
        return Wire.encode(o);
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) {
        return Wire.decode(bytes);
    }
}
