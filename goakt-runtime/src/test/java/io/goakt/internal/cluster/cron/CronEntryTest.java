package io.goakt.internal.cluster.cron;

import io.goakt.cluster.ClusterCron;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The replica's merge rule and the cron protocol's wire form. */
class CronEntryTest {

    static CronEntry live(String key, long version, String origin, long lastFired) {
        return new CronEntry(key, version, origin, "* * * * *", "UTC", ClusterCron.Target.namedActor("t"),
                "cron.Ping", new byte[] {1, 2, 3}, lastFired, false);
    }

    static CronEntry tombstone(String key, long version, String origin) {
        return new CronEntry(key, version, origin, null, null, null, null, null, 0, true);
    }

    @Test
    void theWriteWithTheGreaterStampWinsWhateverTheOrderOfArrival() {
        CronEntry older = live("k", 10, "b", 500);
        CronEntry newer = live("k", 11, "a", 100);
        CronEntry sameVersionGreaterOrigin = live("k", 10, "c", 100);

        assertThat(older.merge(newer)).isSameAs(newer);
        assertThat(newer.merge(older)).isSameAs(newer);
        assertThat(older.merge(sameVersionGreaterOrigin)).isSameAs(sameVersionGreaterOrigin);
        assertThat(sameVersionGreaterOrigin.merge(older)).isSameAs(sameVersionGreaterOrigin);
    }

    @Test
    void aCancelNewerThanTheScheduleStaysCancelledWhenTheScheduleArrivesLate() {
        CronEntry schedule = live("k", 10, "a", 100);
        CronEntry cancel = tombstone("k", 12, "b");

        assertThat(cancel.merge(schedule)).isSameAs(cancel);
        assertThat(schedule.merge(cancel).cancelled()).isTrue();
    }

    @Test
    void copiesOfOneWriteKeepTheLaterLastTickFired() {
        CronEntry a = live("k", 10, "a", 100);
        CronEntry b = a.firedAt(160);

        assertThat(a.merge(b).lastFired()).isEqualTo(160);
        assertThat(b.merge(a).lastFired()).isEqualTo(160);
    }

    @Test
    void concurrentMergesOfWritesAndFiringsInAnyOrderConvergeOnEveryReplica() throws Exception {
        List<CronEntry> updates = new ArrayList<>();
        for (int v = 1; v <= 20; v++) {
            for (String origin : List.of("a", "b", "c")) {
                CronEntry e = live("k", v, origin, v * 1000L);
                updates.add(e);
                for (int t = 1; t <= 5; t++) {
                    updates.add(e.firedAt(v * 1000L + t * 60_000L));
                }
            }
        }
        updates.add(tombstone("k", 15, "b"));
        CronEntry winner = live("k", 20, "c", 20_000L).firedAt(20_000L + 5 * 60_000L);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int replica = 0; replica < 50; replica++) {
                Map<String, CronEntry> table = new ConcurrentHashMap<>();
                List<CronEntry> shuffled = new ArrayList<>(updates);
                Collections.shuffle(shuffled, new Random(replica));
                CountDownLatch done = new CountDownLatch(4);
                for (int w = 0; w < 4; w++) {
                    int from = w;
                    pool.execute(() -> {
                        for (int i = from; i < shuffled.size(); i += 4) {
                            CronEntry e = shuffled.get(i);
                            table.merge(e.key(), e, CronEntry::merge);
                        }
                        done.countDown();
                    });
                }
                assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
                CronEntry result = table.get("k");
                assertThat(result.sameWrite(winner)).as("replica %s: %s", replica, result).isTrue();
                assertThat(result.lastFired()).isEqualTo(winner.lastFired());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tablesFiringsAndSyncRequestsSurviveTheirWireForm() throws IOException {
        CronEntry schedule = new CronEntry("k", 7, "a", "0 2 * * MON", "Europe/Paris",
                ClusterCron.Target.singleton("reports"), "cron.Ping", new byte[] {9, 8}, 1234, false);
        CronEntry cancel = tombstone("j", 8, "b");

        CronMessage.Table table = (CronMessage.Table) CronMessage.decode(CronMessage.encode(
                new CronMessage.Table(42, List.of(schedule, cancel))));
        assertThat(table.requestId()).isEqualTo(42);
        assertThat(table.entries()).hasSize(2);
        CronEntry read = table.entries().get(0);
        assertThat(read.sameWrite(schedule)).isTrue();
        assertThat(read.expression()).isEqualTo("0 2 * * MON");
        assertThat(read.zone()).isEqualTo("Europe/Paris");
        assertThat(read.target()).isEqualTo(ClusterCron.Target.singleton("reports"));
        assertThat(read.typeId()).isEqualTo("cron.Ping");
        assertThat(read.message()).containsExactly(9, 8);
        assertThat(read.lastFired()).isEqualTo(1234);
        assertThat(table.entries().get(1).cancelled()).isTrue();

        assertThat(CronMessage.decode(CronMessage.encode(new CronMessage.Fired("k", 7, "a", 60_000, 5))))
                .isEqualTo(new CronMessage.Fired("k", 7, "a", 60_000, 5));
        assertThat(CronMessage.decode(CronMessage.encode(new CronMessage.FiredAck(5))))
                .isEqualTo(new CronMessage.FiredAck(5));
        assertThat(CronMessage.decode(CronMessage.encode(new CronMessage.SyncRequest(3))))
                .isEqualTo(new CronMessage.SyncRequest(3));
    }

    @Test
    void aTableThatClaimsTooManyEntriesOrTooLargeAMessageIsRefusedBeforeAllocating() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(CronMessage.TABLE);
        out.writeLong(0);
        out.writeInt(Integer.MAX_VALUE);
        assertThatThrownBy(() -> CronMessage.decode(bytes.toByteArray())).isInstanceOf(IOException.class)
                .hasMessageContaining("entries");

        byte[] valid = CronMessage.encode(new CronMessage.Table(0, List.of(live("k", 1, "a", 0))));
        // The message length is the int just before the 3 message bytes at the end.
        int at = valid.length - 3 - 4;
        valid[at] = 0x7f;
        assertThatThrownBy(() -> CronMessage.decode(valid)).isInstanceOf(IOException.class)
                .hasMessageContaining("bytes");
        assertThatThrownBy(() -> CronMessage.decode(new byte[] {99})).isInstanceOf(IOException.class)
                .hasMessageContaining("type 99");
    }
}
