package io.goakt.sample;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample's application.yml shows every goakt.* key the starter binds, each with a comment. */
class ApplicationYamlTests {

    @Test
    void everyGoaktKeyIsInApplicationYamlWithAComment() throws IOException {
        List<String> keys = goaktKeysFromMetadata();
        assertThat(keys).contains("goakt.enabled", "goakt.system.ask-timeout", "goakt.mailbox.type");
        List<String> lines = read("application.yml").lines().toList();
        for (String key : keys) {
            String[] parts = key.split("\\.");
            int line = -1;
            for (int depth = 0, from = 0; depth < parts.length; depth++) {
                line = find(lines, "  ".repeat(depth) + parts[depth] + ":", from);
                assertThat(line).as("%s in application.yml", key).isNotNegative();
                from = line + 1;
            }
            assertThat(lines.get(line - 1).trim()).as("comment above %s", key).startsWith("#");
        }
    }

    private static int find(List<String> lines, String prefix, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> goaktKeysFromMetadata() throws IOException {
        List<String> keys = new ArrayList<>();
        Pattern name = Pattern.compile("\"name\"\\s*:\\s*\"(goakt\\.[a-z.-]+)\"");
        for (URL url : Collections.list(ApplicationYamlTests.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (!json.contains("io.goakt.spring.autoconfigure.GoaktProperties")) {
                    continue;
                }
                int properties = json.indexOf("\"properties\"");
                Matcher m = name.matcher(json.substring(properties));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
        return keys;
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = ApplicationYamlTests.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
