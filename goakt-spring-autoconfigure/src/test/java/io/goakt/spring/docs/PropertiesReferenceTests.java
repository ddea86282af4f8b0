package io.goakt.spring.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/properties.md} equal to the configuration metadata this module's build produces. The build only
 * compares; {@code -Dgoakt.docs.write=true} (the command in {@link PropertiesReference#REGENERATE}) writes the file.
 */
class PropertiesReferenceTests {

    @Test
    void committedReferenceMatchesTheConfigurationMetadata() throws IOException {
        String rendered = PropertiesReference.render(PropertiesReference.loadMetadata());
        Path committed = PropertiesReference.repositoryRoot().resolve("docs/properties.md");
        if (Boolean.getBoolean("goakt.docs.write")) {
            Files.writeString(committed, rendered, StandardCharsets.UTF_8);
        }
        String current = Files.isRegularFile(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "";
        assertThat(current)
                .withFailMessage("docs/properties.md differs from the configuration metadata; regenerate it with:%n%s",
                        PropertiesReference.REGENERATE)
                .isEqualTo(rendered);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyGoaktKeyHasADescriptionAndAType() throws IOException {
        List<Map<String, Object>> properties =
                (List<Map<String, Object>>) PropertiesReference.loadMetadata().get("properties");
        assertThat(properties).filteredOn(p -> ((String) p.get("name")).startsWith("goakt."))
                .isNotEmpty()
                .allSatisfy(p -> {
                    assertThat((String) p.get("description")).as("description of %s", p.get("name"))
                            .isNotBlank().doesNotContain("{@");
                    assertThat(p.get("type")).as("type of %s", p.get("name")).isNotNull();
                });
    }

    @Test
    void referenceShowsDefaultsInPropertyFormAndAllowedValuesFromHints() throws IOException {
        String rendered = PropertiesReference.render(PropertiesReference.loadMetadata());
        assertThat(rendered)
                .contains("| `goakt.system.ask-timeout` | `Duration` | `5s` |")
                .contains("| `goakt.remoting.max-frame-size` | `DataSize` | `4MB` |")
                .contains("Values: `adaptive`, `reduced`, `off`.")
                .contains("| `goakt.cluster.roles` | `List<String>` | *empty* |")
                .contains("  - `bounded`: ")
                .doesNotContain("| `PT");
    }

    @Test
    void sslBundleKeysAreListedWithWhatTheySecureAndEndpointKeysWithTheirEndpoint() {
        assertThat(PropertiesReference.section("goakt.remoting.ssl.bundle")).isEqualTo("goakt.remoting");
        assertThat(PropertiesReference.section("goakt.cluster.discovery.etcd.ssl.bundle"))
                .isEqualTo("goakt.cluster.discovery.etcd");
        assertThat(PropertiesReference.section("goakt.enabled")).isEqualTo("goakt");
        assertThat(PropertiesReference.section("management.endpoint.actors.cache.time-to-live"))
                .isEqualTo("management.endpoint.actors");
    }
}
