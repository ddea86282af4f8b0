package io.goakt.internal.grain;

import io.goakt.grain.GrainIdentity;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class GrainNamesTest {

    private final AtomicLong serial = new AtomicLong();

    private String name(String kind, String id) {
        return GrainNames.actorName(GrainIdentity.of(kind, id), serial::incrementAndGet);
    }

    @Test
    void plainIdentitiesReadAsThemselves() {
        assertThat(name("user", "42")).isEqualTo("user!42");
        assertThat(name("order", "a-b_c.d:e@f+g=h")).isEqualTo("order!a-b_c.d:e@f+g=h");
    }

    @Test
    void separatorsEscapesAndReservedCharactersAreEncodedSoLookAlikesDiffer() {
        assertThat(name("a", "b!c")).isEqualTo("a!b~0021c");
        assertThat(name("a!b", "c")).isEqualTo("a~0021b!c");
        assertThat(name("a", "~0021")).isEqualTo("a!~007e0021");
        assertThat(name("a", "$x")).isEqualTo("a!~0024x");
        assertThat(name("a", "x/y z")).isEqualTo("a!x~002fy~0020z");
    }

    @Test
    void everyNameIsAValidActorNameAndDistinctIdentitiesNeverShareOne() {
        String[] parts = {"a", "b", "!", "~", "a!b", "b!", "!b", "~0021", "~0021b", "$", "é", "✓", "/", "x y", "-"};
        Set<String> names = new HashSet<>();
        int identities = 0;
        for (String kind : parts) {
            if (kind.contains("/")) {
                continue;
            }
            for (String id : parts) {
                String n = name(kind, id);
                assertThat(n).matches("[A-Za-z0-9\\-_.:@~+=!]{1,255}").doesNotStartWith("$");
                names.add(n);
                identities++;
            }
        }
        assertThat(names).hasSize(identities);
    }

    @Test
    void longIdentitiesAreCutAndMadeUniqueWithASerial() {
        String a = name("k", "x".repeat(300) + "1");
        String b = name("k", "x".repeat(300) + "2");
        assertThat(a).hasSize(255).endsWith("!!1");
        assertThat(b).hasSize(255).endsWith("!!2");
        assertThat(a).isNotEqualTo(b);
        assertThat(name("k", "x".repeat(253))).hasSize(255).doesNotContain("!!");
    }
}
