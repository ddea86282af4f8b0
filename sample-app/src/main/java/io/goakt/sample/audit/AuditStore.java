package io.goakt.sample.audit;

import java.util.List;

/** Where the audit actor keeps entries: a database in a real application. */
public interface AuditStore {

    /** Stores one entry. Called only by the audit actor, one call at a time. */
    void append(String entry);

    /** Entries stored so far. */
    long count();

    /** The latest {@code n} entries, newest last. */
    List<String> latest(int n);
}
