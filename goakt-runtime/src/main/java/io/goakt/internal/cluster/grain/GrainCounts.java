package io.goakt.internal.cluster.grain;

import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;
import io.goakt.internal.cluster.ControlMessaging;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The cluster-wide count of grain activations by member and kind, on control topic {@value #TOPIC}: a query is
 * broadcast, every member answers with its counts, and the asker completes once all members of its view answered or
 * the timeout passed. Body: a byte (0 query, 1 answer), the query id (8 bytes), and for an answer the number of
 * kinds (4 bytes) and each kind (length-prefixed UTF-8) with its count (4 bytes).
 *
 * <p>Threading: queries from any thread; answers arrive on JGroups' threads. Each pending query is a concurrent map
 * of answers and a future completed once (a later completion is a no-op).
 */
final class GrainCounts {

    static final byte TOPIC = 7;
    private static final int MAX_KINDS = 10_000;

    private record Pending(Set<String> expected, Map<String, Map<String, Integer>> answers,
                           CompletableFuture<Map<String, Map<String, Integer>>> done) {
    }

    private final ControlMessaging messaging;
    private final Member self;
    private final Supplier<Map<String, Integer>> localCounts;
    private final ScheduledExecutorService timer;
    private final AtomicLong ids = new AtomicLong(ThreadLocalRandom.current().nextLong());
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

    GrainCounts(ControlMessaging messaging, Member self, Supplier<Map<String, Integer>> localCounts,
                ScheduledExecutorService timer) {
        this.messaging = messaging;
        this.self = self;
        this.localCounts = localCounts;
        this.timer = timer;
    }

    void subscribe() {
        messaging.subscribe(TOPIC, this::onMessage);
    }

    CompletionStage<Map<String, Map<String, Integer>>> query(ClusterView view, Duration timeout) {
        long id = ids.incrementAndGet();
        Set<String> expected = ConcurrentHashMap.newKeySet();
        view.members().forEach(m -> expected.add(m.id()));
        Pending p = new Pending(expected, new ConcurrentHashMap<>(), new CompletableFuture<>());
        pending.put(id, p);
        p.done.whenComplete((r, e) -> pending.remove(id));
        answer(p, self.id(), localCounts.get());
        if (!p.done.isDone()) {
            messaging.broadcast(TOPIC, ByteBuffer.allocate(9).put((byte) 0).putLong(id).array());
            timer.schedule(() -> p.done.complete(new TreeMap<>(p.answers)), timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return p.done;
    }

    private void answer(Pending p, String member, Map<String, Integer> counts) {
        p.answers.put(member, counts);
        p.expected.remove(member);
        if (p.expected.isEmpty()) {
            p.done.complete(new TreeMap<>(p.answers));
        }
    }

    private void onMessage(Member from, byte[] body) {
        try {
            ByteBuffer in = ByteBuffer.wrap(body);
            byte kind = in.get();
            long id = in.getLong();
            if (kind == 0) {
                messaging.send(from, TOPIC, encode(id, localCounts.get()));
            } else if (kind == 1) {
                Pending p = pending.get(id);
                if (p != null) {
                    answer(p, from.id(), decode(in));
                }
            }
        } catch (BufferUnderflowException | IllegalArgumentException | IOException e) {
            ClusterGrainService.LOG.debug("grain counts from {} dropped: {}", from.id(), e.toString());
        }
    }

    private static byte[] encode(long id, Map<String, Integer> counts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        out.writeLong(id);
        out.writeInt(counts.size());
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
            out.writeInt(k.length);
            out.write(k);
            out.writeInt(e.getValue());
        }
        return bytes.toByteArray();
    }

    private static Map<String, Integer> decode(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > MAX_KINDS) {
            throw new IllegalArgumentException(n + " kinds");
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            int len = in.getInt();
            if (len < 0 || len > in.remaining()) {
                throw new IllegalArgumentException("kind of " + len + " bytes");
            }
            byte[] k = new byte[len];
            in.get(k);
            counts.put(new String(k, StandardCharsets.UTF_8), in.getInt());
        }
        return counts;
    }
}
