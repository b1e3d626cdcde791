package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link Callers} finds a client's socket: through netlink sock_diag, and through the {@code /proc/net/tcp}
 * table where netlink is not used. The caller is this JVM itself (it listens on the declared service's address
 * and opens the client connection). A {@code /proc} whose TCP tables are empty (this process's own entry linked
 * in) shows which path found the socket: only netlink can.
 */
class CallerLookupTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** A /proc with only this process in it and TCP tables that list no socket. */
    private static Path procWithEmptyTables(Path dir) throws Exception {
        long pid = ProcessHandle.current().pid();
        Files.createSymbolicLink(dir.resolve(Long.toString(pid)), Path.of("/proc", Long.toString(pid)));
        Files.createDirectories(dir.resolve("net"));
        String header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
        Files.writeString(dir.resolve("net/tcp"), header);
        Files.writeString(dir.resolve("net/tcp6"), header);
        return dir;
    }

    /**
     * A /proc with empty TCP tables in which this process's descriptors are its own but its {@code status} says it
     * runs as {@code uid}: what the lookup sees of a service process that runs as that user.
     */
    private static Path procWhereThisProcessRunsAs(Path dir, String uid) throws Exception {
        long pid = ProcessHandle.current().pid();
        Files.createDirectories(dir.resolve("net"));
        String header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
        Files.writeString(dir.resolve("net/tcp"), header);
        Files.writeString(dir.resolve("net/tcp6"), header);
        Path own = Files.createDirectories(dir.resolve(Long.toString(pid)));
        Files.createSymbolicLink(own.resolve("fd"), Path.of("/proc", Long.toString(pid), "fd"));
        Files.writeString(own.resolve("status"), "Name:\tjava\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\n");
        return dir;
    }

    /** This process's user id, as the kernel stamps its sockets. */
    private static String ownUid() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                .map(l -> l.substring(4).trim().split("\\s+")[3]).findFirst().orElseThrow();
    }

    /** The caller the lookup names for a connection from this JVM to a listener standing in for a proxy. */
    private static String callerOfOwnConnection(Path proc, boolean netlink) throws Exception {
        try (ServerSocket service = new ServerSocket(0, 50, LOOPBACK); ServerSocket proxySide = new ServerSocket(0, 50, LOOPBACK);
             Callers callers = Callers.start(Map.of("checkout", "127.0.0.1:" + service.getLocalPort()), Map.of(), List::of, proc, netlink)) {
            assertThat(callers.awaitRescan(Duration.ofSeconds(60))).isTrue();
            try (Socket client = new Socket(LOOPBACK, proxySide.getLocalPort()); Socket accepted = proxySide.accept()) {
                return callers.lookUp((InetSocketAddress) accepted.getRemoteSocketAddress(), (InetSocketAddress) accepted.getLocalSocketAddress())
                        .get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void netlinkNamesALocalClientWithoutTheTcpTable(@TempDir Path dir) throws Exception {
        assertThat(callerOfOwnConnection(procWithEmptyTables(dir), true)).isEqualTo("checkout");
    }

    @Test
    void withoutNetlinkTheSameClientIsFoundOnlyThroughTheTable(@TempDir Path dir) throws Exception {
        assertThat(callerOfOwnConnection(procWithEmptyTables(dir), false)).isEqualTo(Callers.UNKNOWN);
    }

    @Test
    void theTcpTableFallbackNamesALocalClient() throws Exception {
        assertThat(callerOfOwnConnection(Path.of("/proc"), false)).isEqualTo("checkout");
    }

    @Test
    void aClientSocketOfTheServicesOwnUserIsLookedForInTheirDescriptors(@TempDir Path dir) throws Exception {
        assertThat(callerOfOwnConnection(procWhereThisProcessRunsAs(dir, ownUid()), true)).isEqualTo("checkout");
    }

    @Test
    void aClientSocketOfAUserNoServiceRunsAsIsUnknownWithoutReadingTheirDescriptors(@TempDir Path dir) throws Exception {
        // The service process (this JVM) does hold the client socket; only its (claimed) user differs from the socket's.
        String other = ownUid().equals("54321") ? "54322" : "54321";
        assertThat(callerOfOwnConnection(procWhereThisProcessRunsAs(dir, other), true)).isEqualTo(Callers.UNKNOWN);
    }

    @Test
    void aClientThatIsNoServiceIsUnknownThroughNetlink() throws Exception {
        try (ServerSocket proxySide = new ServerSocket(0, 50, LOOPBACK);
             Callers callers = Callers.start(Map.of(), Map.of(), List::of, Path.of("/proc"), true)) {
            assertThat(callers.awaitRescan(Duration.ofSeconds(60))).isTrue();
            try (Socket client = new Socket(LOOPBACK, proxySide.getLocalPort()); Socket accepted = proxySide.accept()) {
                assertThat(callers.lookUp((InetSocketAddress) accepted.getRemoteSocketAddress(), (InetSocketAddress) accepted.getLocalSocketAddress())
                        .get(60, TimeUnit.SECONDS)).isEqualTo(Callers.UNKNOWN);
            }
        }
    }
}
