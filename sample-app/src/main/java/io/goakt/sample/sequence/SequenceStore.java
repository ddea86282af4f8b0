package io.goakt.sample.sequence;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where the {@link SequenceActor} keeps its last issued number: one small file per sequence in a directory that every
 * instance of the sample on this machine shares ({@code sample.sequence.store-dir}), standing in for the database a
 * real application would use. The actor reloads from it in {@code preStart}, which is what lets it move to another
 * instance without losing its place. Each save writes a temporary file and moves it over the old one, so a reader
 * never sees half a number.
 *
 * <p>Threading: one actor writes a sequence at a time (the name is cluster-unique), so no locking is needed.
 */
@Component
@ConditionalOnBooleanProperty("goakt.cluster.enabled")
public class SequenceStore {

    private final Path dir;

    /** Stores under {@code sample.sequence.store-dir}. */
    public SequenceStore(@Value("${sample.sequence.store-dir}") Path dir) {
        this.dir = dir;
    }

    /** The last number issued by {@code sequence}, 0 before the first. */
    public long load(String sequence) {
        Path file = dir.resolve(sequence);
        try {
            return Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sequence " + sequence + " from " + file, e);
        }
    }

    /** Records {@code value} as the last number {@code sequence} issued. */
    public void save(String sequence, long value) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, sequence, ".tmp");
            Files.writeString(tmp, Long.toString(value), StandardCharsets.US_ASCII);
            Files.move(tmp, dir.resolve(sequence), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sequence " + sequence + " to " + dir, e);
        }
    }
}
