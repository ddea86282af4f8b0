package io.goakt.spring.docs;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders {@code docs/properties.md}, the reference of every {@code goakt.*} key (and the Actuator endpoint keys the
 * starter adds), from the configuration metadata that spring-boot-configuration-processor writes while this module
 * compiles: the Javadoc of each properties field is its description, its initialiser its default, and the hints of
 * {@code additional-spring-configuration-metadata.json} its allowed values.
 *
 * <p>{@link PropertiesReferenceTests} compares the committed file with this rendering and, given
 * {@code -Dgoakt.docs.write=true}, writes it; {@link #REGENERATE} is the command.
 */
public final class PropertiesReference {

    /** The one command that rewrites {@code docs/properties.md} from the metadata. */
    public static final String REGENERATE = "./mvnw -q -B -ntp -pl goakt-spring-autoconfigure -am test "
            + "-Dtest=PropertiesReferenceTests -Dgoakt.docs.write=true -Dsurefire.failIfNoSpecifiedTests=false";

    /** The metadata file, on the class path of this module (target/classes). */
    static final String METADATA = "META-INF/spring-configuration-metadata.json";

    /** Top-level sections in reading order; other prefixes follow them alphabetically. */
    private static final List<String> ORDER = List.of("goakt", "goakt.system", "goakt.mailbox", "goakt.remoting",
            "goakt.cluster", "goakt.cluster.failure-detection", "goakt.cluster.discovery");

    private PropertiesReference() {
    }

    /** Writes the reference to {@code docs/properties.md} of the repository that holds this module. */
    public static void main(String[] args) throws IOException {
        Path target = repositoryRoot().resolve("docs/properties.md");
        Files.writeString(target, render(loadMetadata()), StandardCharsets.UTF_8);
    }

    /** The repository root: the nearest directory at or above the working directory that holds {@code mvnw}. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /**
     * The metadata this module's build produced: the copy next to the compiled properties classes, not one of the
     * other jars on the class path that carry a file of the same name.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> loadMetadata() throws IOException {
        URL classes = io.goakt.spring.autoconfigure.GoaktProperties.class.getProtectionDomain().getCodeSource()
                .getLocation();
        Path file;
        try {
            file = Path.of(classes.toURI()).resolve(METADATA);
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate " + METADATA + " under " + classes, e);
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing: is spring-boot-configuration-processor on the annotation "
                    + "processor path?");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return JsonMapper.builder().build().readValue(in, Map.class);
        }
    }

    /** The Markdown reference of the keys in {@code metadata}. */
    @SuppressWarnings("unchecked")
    static String render(Map<String, Object> metadata) {
        Map<String, Map<String, Object>> hints = new LinkedHashMap<>();
        for (Map<String, Object> hint : (List<Map<String, Object>>) metadata.getOrDefault("hints", List.of())) {
            hints.put((String) hint.get("name"), hint);
        }
        Map<String, List<Map<String, Object>>> sections = new TreeMap<>(PropertiesReference::compareSections);
        for (Map<String, Object> p : (List<Map<String, Object>>) metadata.get("properties")) {
            String name = (String) p.get("name");
            if (name.startsWith("goakt.") || name.startsWith("management.endpoint.")) {
                sections.computeIfAbsent(section(name), k -> new ArrayList<>()).add(p);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("# Configuration properties\n\n")
                .append("<!-- Generated from the configuration metadata; do not edit. Regenerate with:\n")
                .append("     ").append(REGENERATE).append(" -->\n\n")
                .append("Every `goakt.*` key the starter reads, with its type, default and meaning, and the keys of the ")
                .append("Actuator endpoints it adds. Set them in `application.yml` or `application.properties` like ")
                .append("any Spring Boot property. A value outside the allowed ones fails start-up with an error that ")
                .append("names the key. Durations take Spring's forms (`500ms`, `10s`, `2m`, `PT1H`), data sizes ")
                .append("`512KB` or `4MB`, lists either YAML lists or comma-separated values.\n\n")
                .append("This file is generated from the Javadoc of the properties classes; after a key changes, ")
                .append("regenerate it with\n\n```bash\n").append(REGENERATE).append("\n```\n\n")
                .append("(the build checks it is current and never rewrites it).\n");
        for (Map.Entry<String, List<Map<String, Object>>> s : sections.entrySet()) {
            out.append("\n## `").append(s.getKey()).append("`\n\n")
                    .append("| key | type | default | meaning |\n|---|---|---|---|\n");
            List<Map<String, Object>> rows = new ArrayList<>(s.getValue());
            rows.sort(Comparator.comparing(p -> (String) p.get("name")));
            List<String> valueNotes = new ArrayList<>();
            for (Map<String, Object> p : rows) {
                String name = (String) p.get("name");
                Map<String, Object> hint = hints.get(name);
                List<Map<String, Object>> values = hint == null ? List.of()
                        : (List<Map<String, Object>>) hint.getOrDefault("values", List.of());
                String meaning = text(p.get("description"));
                if (!values.isEmpty()) {
                    meaning += " Values: " + values.stream().map(v -> "`" + v.get("value") + "`")
                            .collect(Collectors.joining(", ")) + ".";
                    if (values.stream().anyMatch(v -> v.get("description") != null)) {
                        StringBuilder note = new StringBuilder("- `" + name + "`:");
                        for (Map<String, Object> v : values) {
                            note.append("\n  - `").append(v.get("value")).append("`: ")
                                    .append(text(v.get("description")));
                        }
                        valueNotes.add(note.toString());
                    }
                }
                if (p.get("deprecation") != null || Boolean.TRUE.equals(p.get("deprecated"))) {
                    meaning = "Deprecated. " + meaning;
                }
                out.append("| `").append(name).append("` | ").append(type((String) p.get("type"))).append(" | ")
                        .append(defaultValue(p.get("defaultValue"))).append(" | ").append(cell(meaning))
                        .append(" |\n");
            }
            if (!valueNotes.isEmpty()) {
                out.append("\n").append(String.join("\n", valueNotes)).append("\n");
            }
        }
        return out.toString();
    }

    /**
     * The heading a key is listed under: its prefix, with a trailing {@code ssl} folded into its parent so that an
     * SSL bundle stays with what it secures; an Actuator endpoint's keys under the endpoint.
     */
    static String section(String key) {
        if (key.startsWith("management.endpoint.")) {
            int endpointEnd = key.indexOf('.', "management.endpoint.".length());
            return endpointEnd < 0 ? key : key.substring(0, endpointEnd);
        }
        String prefix = key.substring(0, key.lastIndexOf('.'));
        if (prefix.endsWith(".ssl")) {
            prefix = prefix.substring(0, prefix.length() - ".ssl".length());
        }
        return prefix;
    }

    private static int compareSections(String a, String b) {
        int ra = rank(a);
        int rb = rank(b);
        return ra != rb ? Integer.compare(ra, rb) : a.compareTo(b);
    }

    /** The index of the last {@link #ORDER} entry that is {@code section} or a parent of it. */
    private static int rank(String section) {
        if (!section.startsWith("goakt")) {
            return ORDER.size() + 1;
        }
        int rank = ORDER.size();
        for (int i = 0; i < ORDER.size(); i++) {
            String o = ORDER.get(i);
            if (section.equals(o) || section.startsWith(o + ".")) {
                rank = i;
            }
        }
        return rank;
    }

    private static String type(String javaType) {
        if (javaType == null) {
            return "";
        }
        String simple = javaType.replaceAll("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*\\.([A-Z])", "$2");
        return "`" + simple + "`";
    }

    private static String defaultValue(Object value) {
        if (value == null) {
            return "*unset*";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "*empty*" : list.stream().map(v -> "`" + v + "`")
                    .collect(Collectors.joining(", "));
        }
        return "`" + value + "`";
    }

    private static String text(Object description) {
        return description == null ? "" : ((String) description).replaceAll("\\s+", " ").trim();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
