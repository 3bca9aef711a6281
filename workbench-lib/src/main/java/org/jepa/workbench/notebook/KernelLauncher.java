package org.jepa.workbench.notebook;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.rapaio.org.zeromq.SocketType;
import org.rapaio.org.zeromq.ZMQ;

/**
 * Start-up supervisor for the Rapaio Jupyter kernel (the {@code argv} of the workbench kernel spec).
 *
 * <p>Why: Rapaio 3.0.1 binds its shell socket and starts the socket's loop thread before it assigns the
 * message-handler map ({@code Channels.connect}); a {@code kernel_info_request} arriving in that window
 * kills the loop thread with {@code NullPointerException: "this.handlers" is null}, and the kernel never
 * answers. ({@code LoopThread.start()} also sets its {@code running} flag only after {@code Thread.start()},
 * so a loop thread can exit silently.) Measured here: about 1 launch in 6.
 *
 * <p>How: run the kernel as a child JVM with the same connection file, and before handing it over probe
 * it as a client would: a signed {@code kernel_info_request} on the shell socket and a ping on the
 * heartbeat socket. A launch fails when a channel loop thread dies (its uncaught exception on stderr),
 * when the child exits, or when the kernel does not answer within {@code readyAfterBindMs} of binding its
 * shell socket; the child is then killed and relaunched on the same ports (bounded attempts, each logged to
 * stderr and to {@code -Dworkbench.kernel.log}). Clients see one kernel: jupyter_client repeats
 * {@code kernel_info_request} until answered, and ZeroMQ reconnects to the relaunched process. After the
 * kernel is ready the launcher only forwards its stderr and its exit code.
 *
 * <p>Usage: {@code KernelLauncher <connection_file> -- <kernel command...>}.
 */
public final class KernelLauncher {

    /** Uncaught exception in one of Rapaio's channel loop threads: that channel is dead. */
    static final Pattern LOOP_THREAD_DIED = Pattern.compile("Exception in thread \"(Shell|Heartbeat|Control|Stdin|IOPub)-\\d+\"");

    private static final String DELIMITER = "<IDS|MSG>";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path connectionFile;
    private final List<String> command;
    private final int maxAttempts = Integer.getInteger("workbench.kernel.attempts", 5);
    private final long readyAfterBindMs = Long.getLong("workbench.kernel.readyAfterBindMs", 15_000);
    private final long readyTotalMs = Long.getLong("workbench.kernel.readyTotalMs", 180_000);
    private final Path log;
    private final String launchId = UUID.randomUUID().toString().substring(0, 8);

    private volatile Process child;

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
        Runtime.getRuntime().addShutdownHook(new Thread(this::killChild, "kernel-launcher-shutdown"));
        long t0 = System.nanoTime();
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Attempt a = new Attempt(conn);
            String failure = a.launchAndProbe();
            if (failure == null) {
                record("ready attempt=" + attempt + " ms=" + (System.nanoTime() - t0) / 1_000_000);
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

    /** One child process and its probe. */
    private final class Attempt {
        final JsonNode conn;
        final String shellPort;
        volatile String deathSignature;
        volatile long shellBoundAt = -1;
        Thread pump;

        Attempt(JsonNode conn) {
            this.conn = conn;
            this.shellPort = conn.path("shell_port").asText();
        }

        /** @return null when the kernel answered, else why the launch failed */
        String launchAndProbe() throws IOException, InterruptedException {
            child = new ProcessBuilder(command)
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
                    if (shellBoundAt < 0 && line.contains("[ShellChannel]") && line.contains("Binding to")
                            && line.endsWith(":" + shellPort)) {
                        shellBoundAt = System.nanoTime();
                    }
                    if (deathSignature == null && LOOP_THREAD_DIED.matcher(line).find()) {
                        deathSignature = line.trim();
                    }
                }
            } catch (IOException ignored) {
                // child gone
            }
        }

        private String probe(Process p) throws InterruptedException, IOException {
            String ip = conn.path("ip").asText("127.0.0.1");
            String transport = conn.path("transport").asText("tcp");
            long start = System.nanoTime();
            try (ZMQ.Context ctx = ZMQ.context(1)) {
                ZMQ.Socket shell = ctx.socket(SocketType.DEALER);
                ZMQ.Socket hb = ctx.socket(SocketType.REQ);
                try {
                    for (ZMQ.Socket s : List.of(shell, hb)) {
                        s.setLinger(0);
                        s.setReceiveTimeOut(100);
                    }
                    shell.connect(transport + "://" + ip + ":" + shellPort);
                    hb.connect(transport + "://" + ip + ":" + conn.path("hb_port").asText());
                    hb.send("ping".getBytes(StandardCharsets.UTF_8), 0);
                    boolean shellOk = false;
                    boolean hbOk = false;
                    long lastSent = 0;
                    while (true) {
                        long now = System.nanoTime();
                        if (!shellOk && now - lastSent > 1_000_000_000L) {
                            sendKernelInfo(shell);
                            lastSent = now;
                        }
                        if (!shellOk) shellOk = receivedKernelInfoReply(shell);
                        if (!hbOk) hbOk = hb.recv(0) != null;
                        if (shellOk && hbOk) return null;
                        if (deathSignature != null) return "channel thread died: " + deathSignature;
                        if (!p.isAlive()) return "kernel exited with code " + p.exitValue();
                        long bound = shellBoundAt;
                        if (bound > 0 && now - bound > readyAfterBindMs * 1_000_000L) {
                            return "no " + (shellOk ? "heartbeat" : "kernel_info_reply") + " within "
                                    + readyAfterBindMs + " ms of binding the shell socket";
                        }
                        if (now - start > readyTotalMs * 1_000_000L) {
                            return "not ready within " + readyTotalMs + " ms";
                        }
                        if (shellOk) Thread.sleep(20);
                    }
                } finally {
                    shell.close();
                    hb.close();
                }
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

        private boolean receivedKernelInfoReply(ZMQ.Socket shell) throws java.io.IOException {
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
            String algorithm = "Hmac" + scheme.substring(scheme.indexOf('-') + 1).toUpperCase(java.util.Locale.ROOT);
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            for (byte[] part : parts) mac.update(part);
            return HexFormat.of().formatHex(mac.doFinal());
        }
    }
}
