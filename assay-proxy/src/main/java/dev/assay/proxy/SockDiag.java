package dev.assay.proxy;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Linux's sock_diag netlink interface ({@code NETLINK_SOCK_DIAG}, what {@code ss} uses), through JNA: the inode
 * of one TCP socket by its exact two ends, and the listening sockets. Asking for one socket costs a lookup in
 * the kernel's socket hash, not a walk of every socket as reading {@code /proc/net/tcp} does (the table grows
 * with TIME_WAIT entries under connection churn). Only on 64-bit Linux; {@link #open} is empty elsewhere.
 * Calls are serialised by a lock (the lookup and the scan threads share it): one netlink socket, one request at a time.
 */
final class SockDiag implements AutoCloseable {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_SOCK_DIAG = 4;
    private static final int SOCK_DIAG_BY_FAMILY = 20;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final int NLM_F_REQUEST = 1;
    private static final int NLM_F_DUMP = 0x300;
    private static final int IPPROTO_TCP = 6;
    private static final int TCP_LISTEN = 10;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int ENOENT = 2;
    private static final int REQUEST_BYTES = 16 + 56;

    /** What the kernel says about one socket. */
    sealed interface Answer permits Inode, Absent, Failed {
    }

    /**
     * The socket exists; {@code value} is its inode and {@code uid} its owner's user id ({@code idiag_uid}: the
     * file-system uid of the process that created it, when it did).
     */
    record Inode(long value, int uid) implements Answer {
    }

    /** No such connected socket (closed, or in TIME_WAIT, which holds no inode). */
    record Absent() implements Answer {
    }

    /** The kernel did not answer as expected: look another way. */
    record Failed(String reason) implements Answer {
    }

    private final int fd;
    private final byte[] in = new byte[32 * 1024];
    private final ReentrantLock lock = new ReentrantLock();
    private int seq;
    private boolean closed;

    private SockDiag(int fd) {
        this.fd = fd;
    }

    /** A netlink socket that answered a first request, or empty (not Linux, no JNA, no sock_diag in this kernel). */
    static Optional<SockDiag> open() {
        if (!Platform.isLinux() || !Platform.is64Bit()) return Optional.empty();
        int fd;
        try {
            fd = LibC.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
        } catch (LinkageError e) {
            return Optional.empty();
        }
        if (fd < 0) return Optional.empty();
        // A reply is queued before send() returns; the timeout only guards against a kernel that never answers.
        ByteBuffer tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(1).putLong(0);
        LibC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv.array(), 16);
        SockDiag d = new SockDiag(fd);
        if (d.listening().isEmpty()) {
            d.close();
            return Optional.empty();
        }
        return Optional.of(d);
    }

    /** The connected TCP socket whose own end is {@code local} and whose peer is {@code remote}. */
    Answer inode(InetSocketAddress local, InetSocketAddress remote) {
        lock.lock();
        try {
            if (closed) return new Failed("closed");
            return lookUp(local, remote);
        } finally {
            lock.unlock();
        }
    }

    private Answer lookUp(InetSocketAddress local, InetSocketAddress remote) {
        InetAddress l = SocketOwners.normal(local.getAddress());
        InetAddress r = SocketOwners.normal(remote.getAddress());
        boolean v6 = l instanceof Inet6Address || r instanceof Inet6Address;
        ByteBuffer req = request(v6 ? AF_INET6 : AF_INET, NLM_F_REQUEST, -1);
        req.putShort(24, (short) local.getPort()).putShort(26, (short) remote.getPort());
        req.put(28, bytes(l, v6)).put(44, bytes(r, v6));
        if (LibC.send(fd, req.array(), REQUEST_BYTES, 0) != REQUEST_BYTES) return new Failed("send: errno " + Native.getLastError());
        int want = seq;
        while (true) {
            long n = LibC.recv(fd, in, in.length, 0);
            if (n < 16) return new Failed("recv: errno " + Native.getLastError());
            ByteBuffer m = ByteBuffer.wrap(in, 0, (int) n).order(ByteOrder.nativeOrder());
            if (m.getInt(8) != want) continue; // a late answer to an earlier request
            int type = m.getShort(4) & 0xffff;
            if (type == NLMSG_ERROR) {
                int errno = -m.getInt(16);
                return errno == ENOENT ? new Absent() : new Failed("kernel: errno " + errno);
            }
            if (type != SOCK_DIAG_BY_FAMILY || n < 16 + 72) return new Failed("unexpected message type " + type);
            // A lookup that finds no connection may fall back to a listener on the same port: not the client.
            int state = in[17] & 0xff;
            int sport = ((in[20] & 0xff) << 8) | (in[21] & 0xff);
            int dport = ((in[22] & 0xff) << 8) | (in[23] & 0xff);
            long inode = m.getInt(16 + 68) & 0xffffffffL;
            if (state == TCP_LISTEN || inode == 0 || sport != local.getPort() || dport != remote.getPort()) return new Absent();
            return new Inode(inode, m.getInt(16 + 64));
        }
    }

    /** Listening TCP sockets (IPv4 and IPv6) by inode, or empty if the kernel did not answer the dump. */
    Optional<Map<Long, InetSocketAddress>> listening() {
        lock.lock();
        try {
            if (closed) return Optional.empty();
            Map<Long, InetSocketAddress> out = new HashMap<>();
            for (int family : new int[] {AF_INET, AF_INET6}) {
                if (!dumpListening(family, out)) return Optional.empty();
            }
            return Optional.of(out);
        } finally {
            lock.unlock();
        }
    }

    private boolean dumpListening(int family, Map<Long, InetSocketAddress> out) {
        ByteBuffer req = request(family, NLM_F_REQUEST | NLM_F_DUMP, 1 << TCP_LISTEN);
        if (LibC.send(fd, req.array(), REQUEST_BYTES, 0) != REQUEST_BYTES) return false;
        int want = seq;
        while (true) {
            long n = LibC.recv(fd, in, in.length, 0);
            if (n < 16) return false;
            ByteBuffer m = ByteBuffer.wrap(in, 0, (int) n).order(ByteOrder.nativeOrder());
            for (int at = 0; at + 16 <= n; ) {
                int len = m.getInt(at);
                int type = m.getShort(at + 4) & 0xffff;
                if (len < 16 || at + len > n) return false;
                if (m.getInt(at + 8) == want) {
                    if (type == NLMSG_DONE) return true;
                    if (type == NLMSG_ERROR) return false;
                    if (type == SOCK_DIAG_BY_FAMILY && len >= 16 + 72) {
                        InetSocketAddress a = address(m, at + 16);
                        long inode = m.getInt(at + 16 + 68) & 0xffffffffL;
                        if (a != null && inode != 0) out.put(inode, a);
                    }
                }
                at += (len + 3) & ~3;
            }
        }
    }

    /** A request header and {@code inet_diag_req_v2} for TCP in {@code family}, no socket cookie. */
    private ByteBuffer request(int family, int flags, int states) {
        ByteBuffer b = ByteBuffer.allocate(REQUEST_BYTES).order(ByteOrder.nativeOrder());
        b.putInt(0, REQUEST_BYTES).putShort(4, (short) SOCK_DIAG_BY_FAMILY).putShort(6, (short) flags).putInt(8, ++seq);
        b.put(16, (byte) family).put(17, (byte) IPPROTO_TCP).putInt(20, states);
        b.putInt(60, 0).putInt(64, -1).putInt(68, -1); // any interface; INET_DIAG_NOCOOKIE
        return b.order(ByteOrder.BIG_ENDIAN); // ports and addresses are in network order
    }

    /** An {@code inet_diag_msg}'s own address ({@code idiag_sport}, {@code idiag_src}). */
    private static InetSocketAddress address(ByteBuffer m, int msg) {
        int family = m.get(msg) & 0xff;
        int port = ((m.get(msg + 4) & 0xff) << 8) | (m.get(msg + 5) & 0xff);
        byte[] ip = new byte[family == AF_INET6 ? 16 : 4];
        for (int i = 0; i < ip.length; i++) ip[i] = m.get(msg + 8 + i);
        try {
            return new InetSocketAddress(SocketOwners.normal(InetAddress.getByAddress(ip)), port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address as {@code idiag_src}/{@code idiag_dst} hold it: IPv4 in the first word, or 16 bytes (IPv4-mapped). */
    private static byte[] bytes(InetAddress a, boolean v6) {
        byte[] b = a.getAddress();
        if (!v6 || b.length == 16) return b;
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(b, 0, mapped, 12, 4);
        return mapped;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) LibC.close(fd); // once: the descriptor number may be reused by then
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** The libc calls, bound directly (JNA direct mapping: no proxy, no reflection per call). */
    private static final class LibC {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int socket(int domain, int type, int protocol);

        static native int setsockopt(int fd, int level, int name, byte[] value, int length);

        static native long send(int fd, byte[] buffer, long length, int flags);

        static native long recv(int fd, byte[] buffer, long length, int flags);

        static native int close(int fd);
    }
}
