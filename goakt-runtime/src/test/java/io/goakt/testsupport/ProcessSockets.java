package io.goakt.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link FaultProxies.Sources} for member processes on this host (Linux): the process that owns the client end of an
 * accepted loopback connection, found in {@code /proc/net/tcp[6]} (the socket whose local port is the client's and
 * whose remote port is the proxy's) and the processes' {@code /proc/<pid>/fd} links ({@code socket:[<inode>]}).
 * Reading them needs no root for the caller's own processes. Members are registered by process id as they start.
 */
public final class ProcessSockets implements FaultProxies.Sources {

    private final Map<Long, Integer> members = new ConcurrentHashMap<>();

    /** Connections opened by process {@code pid} come from {@code member}. */
    public void register(long pid, int member) {
        members.put(pid, member);
    }

    @Override
    public OptionalInt memberOf(InetSocketAddress client, int proxyPort) {
        String inode = inode(client.getPort(), proxyPort);
        if (inode == null) {
            return OptionalInt.empty();
        }
        String link = "socket:[" + inode + "]";
        for (Map.Entry<Long, Integer> m : members.entrySet()) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", m.getKey().toString(), "fd"))) {
                for (Path fd : fds) {
                    try {
                        if (Files.readSymbolicLink(fd).toString().equals(link)) {
                            return OptionalInt.of(m.getValue());
                        }
                    } catch (IOException e) {
                        // the descriptor closed while we looked
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }
        return OptionalInt.empty();
    }

    /** The inode of the socket from {@code localPort} to {@code remotePort}, or null. */
    private static String inode(int localPort, int remotePort) {
        String local = String.format(":%04X", localPort);
        String remote = String.format(":%04X", remotePort);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].endsWith(local) && f[2].endsWith(remote)) {
                        return f[9];
                    }
                }
            } catch (IOException e) {
                // no such table (no IPv6)
            }
        }
        return null;
    }
}
