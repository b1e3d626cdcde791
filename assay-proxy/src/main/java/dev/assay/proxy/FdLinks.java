package dev.assay.proxy;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The socket inodes in one {@code /proc/<pid>/fd} directory, read through libc (JNA): the directory is opened
 * once and each link read relative to it ({@code readlinkat}), so the kernel does not walk the whole path
 * {@code /proc/<pid>/fd/<n>} again for every descriptor, and no Java path or string is made per descriptor.
 * This is the per-connection cost of naming a local caller, so it matters under connection churn. Only on
 * 64-bit Linux with glibc's {@code struct dirent} layout; elsewhere {@link #available} is false and
 * {@link SocketOwners} reads the links with {@code java.nio.file}.
 */
final class FdLinks {
    private static final boolean AVAILABLE = load();
    /** {@code offsetof(struct dirent, d_name)} in glibc on 64-bit Linux (d_ino, d_off, d_reclen, d_type). */
    private static final int D_NAME = 19;
    private static final byte[] SOCKET = "socket:[".getBytes(StandardCharsets.US_ASCII);

    private FdLinks() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    /** The socket inodes {@code fdDir} links to, or empty if it cannot be opened (process gone, not ours to read). */
    static Optional<Set<Long>> sockets(Path fdDir) {
        Pointer dir = LibC.opendir(fdDir.toString());
        if (dir == null) return Optional.empty();
        Set<Long> out = new HashSet<>();
        try {
            int dfd = LibC.dirfd(dir);
            byte[] name = new byte[32];
            byte[] link = new byte[64];
            for (Pointer e = LibC.readdir(dir); e != null; e = LibC.readdir(dir)) {
                int n = 0;
                for (byte c; n < name.length - 1 && (c = e.getByte(D_NAME + n)) != 0; n++) name[n] = c;
                if (n == 0 || name[0] == '.') continue;
                name[n] = 0;
                long len = LibC.readlinkat(dfd, name, link, link.length);
                long inode = socketInode(link, (int) Math.max(len, 0));
                if (inode > 0) out.add(inode);
            }
        } finally {
            LibC.closedir(dir);
        }
        return Optional.of(out);
    }

    /** {@code socket:[12345]} -> 12345; anything else -> -1. */
    static long socketInode(byte[] link, int len) {
        if (len < SOCKET.length + 2 || link[len - 1] != ']') return -1;
        for (int i = 0; i < SOCKET.length; i++) {
            if (link[i] != SOCKET[i]) return -1;
        }
        long v = 0;
        for (int i = SOCKET.length; i < len - 1; i++) {
            int d = link[i] - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }

    private static boolean load() {
        if (!Platform.isLinux() || !Platform.is64Bit() || Platform.isAndroid()) return false;
        try {
            Pointer d = LibC.opendir("/");
            if (d == null) return false;
            LibC.closedir(d);
            return true;
        } catch (LinkageError e) {
            return false;
        }
    }

    /** The libc calls, bound directly (JNA direct mapping). */
    private static final class LibC {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native Pointer opendir(String path);

        static native Pointer readdir(Pointer dir);

        static native int dirfd(Pointer dir);

        static native int closedir(Pointer dir);

        static native long readlinkat(int dirfd, byte[] path, byte[] buffer, long size);
    }
}
