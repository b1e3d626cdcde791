package dev.assay.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which local process owns a TCP socket, from Linux's {@code /proc}: {@code /proc/net/tcp} and {@code tcp6}
 * map a socket's local address to its inode (and list the listening sockets), and {@code /proc/<pid>/fd}
 * links name the inodes a process holds ({@code socket:[inode]}, read through {@link FdLinks} where it can). Reads only what the proxy's own user may
 * read; anything it cannot see is simply absent (the caller is then unknown, never guessed).
 */
final class SocketOwners {
    private final Path proc;

    private SocketOwners(Path proc) {
        this.proc = proc;
    }

    static SocketOwners of(Path proc) {
        return new SocketOwners(proc);
    }

    /** {@code /proc} exists and has a TCP table: the lookup can work on this host. */
    boolean available() {
        return Files.isReadable(proc.resolve("net/tcp"));
    }

    /**
     * One read of the TCP tables: connected sockets by (local, remote) address — an ephemeral port can be shared by
     * connections to different destinations, so the local address alone does not name one socket — and listening
     * sockets by inode.
     */
    record Table(Map<Connection, Long> byConnection, Map<Long, InetSocketAddress> listening) {
    }

    /** A connected socket's two ends, as the table shows them from the socket's own side. */
    record Connection(InetSocketAddress local, InetSocketAddress remote) {
    }

    /** Reads the IPv4 table, the IPv6 table, or both (the IPv6 one can be long on a busy host). */
    Table table(boolean v4, boolean v6) {
        Map<Connection, Long> byConnection = new HashMap<>();
        Map<Long, InetSocketAddress> listening = new HashMap<>();
        List<String> files = new ArrayList<>();
        if (v4) files.add("net/tcp");
        if (v6) files.add("net/tcp6");
        for (String file : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(proc.resolve(file));
            } catch (IOException e) {
                continue; // no IPv6 table, or no /proc: nothing to see there
            }
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).trim().split("\\s+");
                if (f.length < 10) continue;
                InetSocketAddress local = address(f[1]);
                long inode;
                try {
                    inode = Long.parseLong(f[9]);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (local == null || inode == 0) continue;
                if (f[3].equals("0A")) listening.put(inode, local);
                else {
                    InetSocketAddress remote = address(f[2]);
                    if (remote != null) byConnection.put(new Connection(local, remote), inode);
                }
            }
        }
        return new Table(byConnection, listening);
    }

    /** The socket inodes process {@code pid} holds now (empty when it is gone or not ours to read). */
    Set<Long> sockets(long pid) {
        Path dir = proc.resolve(Long.toString(pid)).resolve("fd");
        return FdLinks.available() ? FdLinks.sockets(dir).orElse(Set.of()) : readLinks(dir);
    }

    /**
     * The user ids process {@code pid} runs as now ({@code Uid:} in {@code /proc/<pid>/status}: real, effective,
     * saved, file-system), or empty when it is gone or unreadable.
     */
    Optional<Set<Integer>> uids(long pid) {
        try {
            for (String line : Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("status"))) {
                if (!line.startsWith("Uid:")) continue;
                Set<Integer> out = new HashSet<>();
                for (String f : line.substring(4).trim().split("\\s+")) out.add(Integer.parseInt(f));
                return Optional.of(Set.copyOf(out));
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** {@link #sockets} with {@code java.nio.file}: one path walk and a few objects per descriptor. */
    static Set<Long> readLinks(Path dir) {
        Set<Long> out = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir)) {
            for (Path fd : fds) {
                String link;
                try {
                    link = Files.readSymbolicLink(fd).toString();
                } catch (IOException | UnsupportedOperationException e) {
                    continue; // closed meanwhile
                }
                if (link.startsWith("socket:[") && link.endsWith("]")) {
                    try {
                        out.add(Long.parseLong(link, 8, link.length() - 1, 10));
                    } catch (NumberFormatException ignored) {
                        // not a socket inode
                    }
                }
            }
        } catch (IOException e) {
            return Set.of();
        }
        return out;
    }

    /** Every process id under {@code /proc}. */
    List<Long> pids() {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(proc, p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path p : all) out.add(Long.parseLong(p.getFileName().toString()));
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }

    /** The first of {@code pids} that holds socket {@code inode}, with the sockets it holds. */
    Optional<Map.Entry<Long, Set<Long>>> owner(long inode, Iterable<Long> pids) {
        for (long pid : pids) {
            Set<Long> s = sockets(pid);
            if (s.contains(inode)) return Optional.of(Map.entry(pid, s));
        }
        return Optional.empty();
    }

    /**
     * Parses {@code /proc/net/tcp*}'s {@code HEX_IP:HEX_PORT}: the address is in host byte order, one 32-bit
     * word at a time (x86 and arm64 are little-endian), IPv4-mapped IPv6 addresses become IPv4.
     */
    static InetSocketAddress address(String field) {
        int colon = field.indexOf(':');
        if (colon < 0) return null;
        String ip = field.substring(0, colon);
        if (ip.length() != 8 && ip.length() != 32) return null;
        byte[] b = new byte[ip.length() / 2];
        try {
            for (int w = 0; w < b.length / 4; w++) {
                long word = Long.parseLong(ip.substring(w * 8, w * 8 + 8), 16);
                for (int k = 0; k < 4; k++) b[w * 4 + k] = (byte) (word >>> (8 * k));
            }
            int port = Integer.parseInt(field.substring(colon + 1), 16);
            return new InetSocketAddress(normal(InetAddress.getByAddress(b)), port);
        } catch (NumberFormatException | UnknownHostException e) {
            return null;
        }
    }

    /** IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) as plain IPv4, so both tables compare equal. */
    static InetAddress normal(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 16) {
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) mapped = b[i] == 0;
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return a;
                }
            }
        }
        return a;
    }
}
