package io.goakt.sample.audit;

import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** An {@link AuditStore} in memory; readable from any thread. */
@Component
public class InMemoryAuditStore implements AuditStore {

    private final List<String> entries = new ArrayList<>();

    @Override
    public synchronized void append(String entry) {
        entries.add(entry);
    }

    @Override
    public synchronized long count() {
        return entries.size();
    }

    @Override
    public synchronized List<String> latest(int n) {
        return List.copyOf(entries.subList(Math.max(0, entries.size() - n), entries.size()));
    }
}
