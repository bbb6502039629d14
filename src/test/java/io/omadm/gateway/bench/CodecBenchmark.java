package io.omadm.gateway.bench;

import io.omadm.gateway.syncml.MessageCorpus;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import io.omadm.gateway.syncml.codec.SyncMLDecodeException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode + encode of a typical server Package 2 (Status for the header with a challenge, and ten management
 * commands: Get, Replace, Add, Delete, Exec, Copy, Atomic with two Replaces, Sequence with an alert and a Get) and a
 * client Package 3 (Status for each command, Results with values and a large-object chunk), on one thread.
 * Run: {@code mvn -Pbench verify -Dbench.include=CodecBenchmark}; results in target/jmh-result.txt and .json.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
@Threads(1)
public class CodecBenchmark {

    @Param({"package2", "package3"})
    public String message;

    @Param({"WBXML", "XML"})
    public Encoding encoding;

    private final SyncMLCodec codec = new SyncMLCodec();
    private byte[] wire;
    private SyncMLMessage model;

    @Setup
    public void setUp() {
        model = message.equals("package2") ? MessageCorpus.package2() : MessageCorpus.package3();
        wire = codec.encode(model, encoding);
    }

    /** What a session does with each message: read the peer's, write ours. Counted in messages/s. */
    @Benchmark
    public byte[] decodeAndEncode() throws SyncMLDecodeException {
        return codec.encode(codec.decode(wire, encoding), encoding);
    }

    @Benchmark
    public SyncMLMessage decode() throws SyncMLDecodeException {
        return codec.decode(wire, encoding);
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(model, encoding);
    }
}
