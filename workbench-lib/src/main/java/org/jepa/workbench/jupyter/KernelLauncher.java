package org.jepa.workbench.jupyter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rapaio.org.zeromq.SocketType;
import org.rapaio.org.zeromq.ZMQ;

/**
 * Start-up supervisor for the Rapaio Jupyter kernel (the {@code argv} of the workbench kernel spec).
 *
 * <p>Why: Rapaio 3.0.1 binds its shell socket and starts the socket's loop thread before it assigns the
 * message-handler map ({@code Channels.connect}); a {@code kernel_info_request} arriving in that window
 * kills the loop thread with {@code NullPointerException: "this.handlers" is null}, and the kernel never
 * answers. ({@code LoopThread.start()} also sets its {@code running} flag only after {@code Thread.start()},
 * so a loop thread can exit silently.) Jupyter clients make the window easy to hit: they connect as soon as
 * the port is open and keep re-sending {@code kernel_info_request}, so a plain relaunch on the same ports
 * loses the race again (measured: 5 relaunches in a row failed under nbconvert).
 *
 * <p>How: the kernel runs as a child JVM on private ports (a copy of the connection file with fresh ports,
 * same key). The launcher probes it alone — once the shell port accepts connections it waits a little,
 * then sends a signed {@code kernel_info_request} on the shell socket and a ping on the heartbeat socket.
 * A launch fails when a channel loop thread dies (its uncaught exception on stderr, or its absence from the
 * child's thread dump, checked with {@code jcmd} while the kernel has not answered), when the child exits,
 * or when there is no answer within {@code readyAfterBindMs} of the shell port opening; the child is then
 * killed and relaunched (bounded attempts, each logged to stderr and to {@code -Dworkbench.kernel.log}).
 * Only once the kernel has answered does the launcher open the ports of the real connection file and
 * forward each TCP connection byte for byte to the kernel's private ports (ZeroMQ's wire protocol passes
 * through unchanged). Until then clients simply keep reconnecting, so no client message can reach the
 * kernel inside its start-up window. The launcher exits with the kernel's exit code.
 *
 * <p>Usage: {@code KernelLauncher <connection_file> -- <kernel command...>}; occurrences of the connection
 * file's path in the kernel command are replaced by the private connection file.
 */
public final class KernelLauncher {

    /** Uncaught exception in one of Rapaio's channel loop threads: that channel is dead. */
    static final Pattern LOOP_THREAD_DIED = Pattern.compile("Exception in thread \"(Shell|Heartbeat|Control|Stdin|IOPub)-\\d+\"");
    /** The connection-file ports, all forwarded. */
    static final List<String> PORTS = List.of("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port");

    private static final String DELIMITER = "<IDS|MSG>";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path connectionFile;
    private final List<String> command;
    private final int maxAttempts = Integer.getInteger("workbench.kernel.attempts", 8);
    private final long settleMs = Long.getLong("workbench.kernel.settleMs", 500);
    private final long readyAfterBindMs = Long.getLong("workbench.kernel.readyAfterBindMs", 30_000);
    private final long readyTotalMs = Long.getLong("workbench.kernel.readyTotalMs", 180_000);
    private final Path log;
    private final String launchId = UUID.randomUUID().toString().substring(0, 8);
    private final List<Forwarder> forwarders = new ArrayList<>();

    private volatile Process child;
    private volatile Path privateFile;

    private KernelLauncher(Path connectionFile, List<String> command, Path log) {
        this.connectionFile = connectionFile;
        this.command = command;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        int sep = Arrays.asList(args).indexOf("--");
        if (args.length < 3 || sep != 1) {
            System.err.println("usage: KernelLauncher <connection_file> -- <kernel command...>");
            System.exit(2);
        }
        String logProp = System.getProperty("workbench.kernel.log");
        KernelLauncher launcher = new KernelLauncher(Path.of(args[0]),
                List.of(Arrays.copyOfRange(args, 2, args.length)), logProp == null ? null : Path.of(logProp));
        System.exit(launcher.run());
    }

    private int run() throws Exception {
        JsonNode conn = JSON.readTree(connectionFile.toFile());
        String transport = conn.path("transport").asText("tcp");
        if (!"tcp".equals(transport)) {
            record("gave-up reason=transport '" + transport + "' is not supported (Rapaio supports tcp only)");
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::cleanUp, "kernel-launcher-shutdown"));
        long t0 = System.nanoTime();
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Attempt a = new Attempt(privateConnection(conn, attempt));
            String failure = a.launchAndProbe();
            if (failure == null) {
                String publicIp = conn.path("ip").asText("127.0.0.1");
                try {
                    for (String port : PORTS) {
                        forwarders.add(new Forwarder(publicIp, conn.path(port).asInt(), a.ports.get(port)));
                    }
                } catch (java.net.BindException e) {
                    // a public port taken by another process meanwhile: say so in the log, and try again
                    forwarders.forEach(Forwarder::close);
                    forwarders.clear();
                    record("retry attempt=" + attempt + " reason=a public port is in use (" + e.getMessage() + ")");
                    killChild();
                    continue;
                }
                record("ready attempt=" + attempt + " ms=" + (System.nanoTime() - t0) / 1_000_000
                        + " answered_after_bind_ms=" + a.answeredMs);
                int rc = child.waitFor();
                a.pump.join(2_000);
                return rc;
            }
            record("retry attempt=" + attempt + " reason=" + failure);
            killChild();
        }
        record("gave-up attempts=" + maxAttempts);
        return 1;
    }

    /** A copy of the connection file with fresh local ports, written next to it. */
    private Map<String, Integer> privateConnection(JsonNode conn, int attempt) throws IOException {
        ObjectNode copy = conn.deepCopy();
        Map<String, Integer> ports = new LinkedHashMap<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            // Jupyter chose the public ports and nobody holds them until the forwarders bind them, so the OS may hand
            // one out again here; a private port equal to a public one makes its forwarder fail ("Address already in
            // use"). Draw again until it differs; the rejected sockets stay held so the next draw is another port.
            java.util.Set<Integer> publicPorts = new java.util.HashSet<>();
            for (String port : PORTS) publicPorts.add(conn.path(port).asInt());
            for (String port : PORTS) {
                ServerSocket s;
                do {
                    s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                    held.add(s);
                } while (publicPorts.contains(s.getLocalPort()));
                ports.put(port, s.getLocalPort());
            }
        } finally {
            for (ServerSocket s : held) s.close();
        }
        ports.forEach(copy::put);
        copy.put("ip", "127.0.0.1");
        Path file = connectionFile.resolveSibling(connectionFile.getFileName() + ".workbench-" + attempt + ".json");
        Files.writeString(file, JSON.writeValueAsString(copy));
        if (privateFile != null) Files.deleteIfExists(privateFile);
        privateFile = file;
        return ports;
    }

    private void cleanUp() {
        killChild();
        forwarders.forEach(Forwarder::close);
        try {
            if (privateFile != null) Files.deleteIfExists(privateFile);
        } catch (IOException ignored) {
            // best effort
        }
    }

    private void killChild() {
        Process p = child;
        if (p == null || !p.isAlive()) return;
        p.destroy();
        try {
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** One line to stderr (Jupyter's log) and, if configured, to the launcher log (for the launch benchmark). */
    private synchronized void record(String event) {
        String line = Instant.now() + " launch=" + launchId + " " + event;
        System.err.println("[workbench-kernel] " + line);
        if (log == null) return;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the log is only for measurements; the kernel must start regardless
        }
    }

    /** One child process on private ports, and its probe. */
    private final class Attempt {
        final Map<String, Integer> ports;
        final JsonNode conn;
        volatile String deathSignature;
        long answeredMs = -1;
        Thread pump;

        Attempt(Map<String, Integer> ports) throws IOException {
            this.ports = ports;
            this.conn = JSON.readTree(privateFile.toFile());
        }

        /** @return null when the kernel answered, else why the launch failed */
        String launchAndProbe() throws IOException, InterruptedException {
            String publicPath = connectionFile.toString();
            List<String> cmd = command.stream().map(s -> s.replace(publicPath, privateFile.toString())).toList();
            child = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.PIPE)
                    .start();
            Process p = child;
            pump = new Thread(() -> pumpStderr(p), "kernel-stderr");
            pump.setDaemon(true);
            pump.start();
            return probe(p);
        }

        private void pumpStderr(Process p) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    System.err.println(line);
                    if (deathSignature == null && LOOP_THREAD_DIED.matcher(line).find()) deathSignature = line.trim();
                }
            } catch (IOException ignored) {
                // child gone
            }
        }

        private boolean accepts(int port) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private String probe(Process p) throws InterruptedException, IOException {
            long start = System.nanoTime();
            int shellPort = ports.get("shell_port");
            // Wait for the shell port, then let Channels.connect() finish assigning its handlers.
            while (!accepts(shellPort)) {
                if (!p.isAlive()) return "kernel exited with code " + p.exitValue() + " before binding its shell port";
                if (System.nanoTime() - start > readyTotalMs * 1_000_000L) return "shell port not open within " + readyTotalMs + " ms";
                Thread.sleep(100);
            }
            long bound = System.nanoTime();
            Thread.sleep(settleMs);
            try (ZMQ.Context ctx = ZMQ.context(1)) {
                ZMQ.Socket shell = ctx.socket(SocketType.DEALER);
                ZMQ.Socket hb = ctx.socket(SocketType.REQ);
                try {
                    for (ZMQ.Socket s : List.of(shell, hb)) {
                        s.setLinger(0);
                        s.setReceiveTimeOut(100);
                    }
                    shell.connect("tcp://127.0.0.1:" + shellPort);
                    hb.connect("tcp://127.0.0.1:" + ports.get("hb_port"));
                    hb.send("ping".getBytes(StandardCharsets.UTF_8), 0);
                    boolean shellOk = false;
                    boolean hbOk = false;
                    long lastSent = 0;
                    long nextThreadCheck = bound + 2_000_000_000L;
                    while (true) {
                        long now = System.nanoTime();
                        if (!shellOk && now - lastSent > 1_000_000_000L) {
                            sendKernelInfo(shell);
                            lastSent = now;
                        }
                        if (!shellOk) shellOk = receivedKernelInfoReply(shell);
                        if (!hbOk) hbOk = hb.recv(0) != null;
                        if (shellOk && hbOk) {
                            answeredMs = (System.nanoTime() - bound) / 1_000_000;
                            return null;
                        }
                        if (deathSignature != null) return "channel thread died: " + deathSignature;
                        if (!p.isAlive()) return "kernel exited with code " + p.exitValue();
                        if (now >= nextThreadCheck) {
                            String dead = deadLoopThreads(p);
                            if (dead != null) return dead;
                            nextThreadCheck = now + 3_000_000_000L;
                        }
                        if (now - bound > readyAfterBindMs * 1_000_000L) {
                            return "no " + (shellOk ? "heartbeat" : "kernel_info_reply") + " within "
                                    + readyAfterBindMs + " ms of the shell port opening";
                        }
                        if (shellOk) Thread.sleep(20);
                    }
                } finally {
                    shell.close();
                    hb.close();
                }
            }
        }

        /**
         * Rapaio's loop threads exit silently when they lose the {@code running}-flag race, so look at the
         * child's threads (jcmd): a healthy kernel has two threads named {@code Shell-0} (shell and control
         * share the name) and one {@code Heartbeat-0}. Returns why the kernel is dead, or null.
         */
        private String deadLoopThreads(Process p) {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            if (!Files.isExecutable(jcmd)) return null;
            try {
                Process j = new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), "Thread.print")
                        .redirectErrorStream(true).start();
                String dump = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!j.waitFor(20, TimeUnit.SECONDS) || j.exitValue() != 0 || !p.isAlive()) return null;
                long shells = dump.lines().filter(l -> l.startsWith("\"Shell-")).count();
                long beats = dump.lines().filter(l -> l.startsWith("\"Heartbeat-")).count();
                if (shells >= 2 && beats >= 1) return null;
                return "loop threads missing (alive: " + shells + " of 2 Shell, " + beats + " of 1 Heartbeat)";
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        private void sendKernelInfo(ZMQ.Socket shell) {
            try {
                Map<String, Object> header = Map.of(
                        "msg_id", UUID.randomUUID().toString(),
                        "session", "workbench-kernel-launcher-" + launchId,
                        "username", "workbench",
                        "date", OffsetDateTime.now(ZoneOffset.UTC).toString(),
                        "msg_type", "kernel_info_request",
                        "version", "5.3");
                byte[][] parts = {JSON.writeValueAsBytes(header), "{}".getBytes(StandardCharsets.UTF_8),
                        "{}".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8)};
                shell.sendMore(DELIMITER);
                shell.sendMore(sign(parts));
                for (int i = 0; i < parts.length; i++) {
                    shell.send(parts[i], i < parts.length - 1 ? ZMQ.SNDMORE : 0);
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot build kernel_info_request", e);
            }
        }

        private boolean receivedKernelInfoReply(ZMQ.Socket shell) throws IOException {
            byte[] first = shell.recv(0);
            if (first == null) return false;
            List<byte[]> frames = new ArrayList<>();
            frames.add(first);
            while (shell.hasReceiveMore()) frames.add(shell.recv(0));
            for (int i = 0; i + 2 < frames.size(); i++) {
                if (DELIMITER.equals(new String(frames.get(i), StandardCharsets.UTF_8))) {
                    JsonNode header = JSON.readTree(frames.get(i + 2));
                    return "kernel_info_reply".equals(header.path("msg_type").asText());
                }
            }
            return false;
        }

        private String sign(byte[][] parts) throws Exception {
            String key = conn.path("key").asText("");
            if (key.isEmpty()) return "";
            String scheme = conn.path("signature_scheme").asText("hmac-sha256");
            String algorithm = "Hmac" + scheme.substring(scheme.indexOf('-') + 1).toUpperCase(Locale.ROOT);
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            for (byte[] part : parts) mac.update(part);
            return HexFormat.of().formatHex(mac.doFinal());
        }
    }

    /**
     * Listens on a public port and forwards every connection, byte for byte in both directions, to the
     * kernel's private port. ZeroMQ needs no more: its framing and handshake are plain TCP payload.
     */
    static final class Forwarder {
        private final ServerSocket server;
        private final int target;
        private volatile boolean closed;

        Forwarder(String ip, int publicPort, int privatePort) throws IOException {
            this.target = privatePort;
            server = new ServerSocket();
            server.setReuseAddress(true);
            InetSocketAddress address = ip.isEmpty() || ip.equals("*") || ip.equals("0.0.0.0")
                    ? new InetSocketAddress(publicPort) : new InetSocketAddress(ip, publicPort);
            server.bind(address, 64);
            Thread t = new Thread(this::acceptLoop, "forward-" + publicPort);
            t.setDaemon(true);
            t.start();
        }

        private void acceptLoop() {
            while (!closed) {
                Socket client;
                try {
                    client = server.accept();
                } catch (IOException e) {
                    if (closed) return;
                    continue;
                }
                try {
                    Socket kernel = new Socket();
                    kernel.connect(new InetSocketAddress("127.0.0.1", target), 5_000);
                    client.setTcpNoDelay(true);
                    kernel.setTcpNoDelay(true);
                    pipe(client, kernel);
                    pipe(kernel, client);
                } catch (IOException e) {
                    closeQuietly(client);
                }
            }
        }

        private static void pipe(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[64 * 1024];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException ignored) {
                    // one side closed: close both so the peer reconnects
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "pipe-" + from.getPort() + "-" + to.getPort());
            t.setDaemon(true);
            t.start();
        }

        void close() {
            closed = true;
            closeQuietly(server);
        }

        private static void closeQuietly(java.io.Closeable c) {
            try {
                c.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
