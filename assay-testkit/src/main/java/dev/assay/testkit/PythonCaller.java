package dev.assay.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real service in its own process (python3's http.server on a free loopback port) that calls other services
 * when asked: {@code GET /call?target=URL&n=K} makes K GET requests to URL, each on a new connection, then
 * answers 200 {@code ok}; {@code GET /call} with {@code n=0} (or no target) calls nobody. It is what a proxy
 * must name as the caller of those requests. Needs {@code python3} on the PATH.
 */
public final class PythonCaller implements AutoCloseable {
    private static final String SCRIPT = """
            import sys, urllib.request, urllib.parse
            from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
            class H(BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def do_GET(self):
                    q = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
                    target = q.get("target", [""])[0]
                    status = 200
                    for _ in range(int(q.get("n", ["0"])[0]) if target else 0):
                        try:
                            urllib.request.urlopen(target, timeout=10).read()
                        except Exception:
                            status = 502
                    body = b"ok"
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *a):
                    pass
            s = ThreadingHTTPServer(("127.0.0.1", 0), H)
            print(s.server_address[1], flush=True)
            s.serve_forever()
            """;

    private final Process process;
    private final int port;

    private PythonCaller(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the process and waits (up to 30 s) until it listens. */
    public static PythonCaller start() throws IOException {
        Path script = Files.createTempFile("assay-caller", ".py");
        Files.writeString(script, SCRIPT);
        script.toFile().deleteOnExit();
        Process p = new ProcessBuilder("python3", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            p.destroyForcibly();
            throw new IOException("python3 caller did not start (is python3 installed?)");
        }
        return new PythonCaller(p, Integer.parseInt(line.trim()));
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
